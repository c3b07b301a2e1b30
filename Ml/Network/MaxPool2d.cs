using System.Runtime.Intrinsics;
using PolicyEngine.Ml.Blas;

namespace PolicyEngine.Ml.Network;

/// <summary>
/// Max pooling with a 2 x 2 window and stride 2 over independent planes, dropping a last odd
/// row or column as torch.nn.MaxPool2d(2) does (11 -> 5).
/// </summary>
internal static class MaxPool2d
{
    public const int WindowSize = 2;

    // Windows per 256-bit step: 8 floats of a row cover 4 windows.
    private const int WindowsPerVector = 4;

    public static int OutputSize(int inputSize) => inputSize / WindowSize;

    /// <summary>
    /// Writes the maximum of each window and the flat input index it came from. Ties go to
    /// the first maximum in row-major order within the window.
    /// </summary>
    public static void Forward(
        ReadOnlyMemory<float> input,
        int planes,
        int height,
        int width,
        Memory<float> output,
        Memory<int> maxIndices,
        int threadCount)
    {
        ParallelChunks.For(planes, threadCount, (start, end) =>
        {
            ReadOnlySpan<float> source = input.Span;
            Span<float> destination = output.Span;
            Span<int> indices = maxIndices.Span;
            int outputHeight = OutputSize(height);
            int outputWidth = OutputSize(width);
            for (int plane = start; plane < end; plane++)
            {
                for (int y = 0; y < outputHeight; y++)
                {
                    int top = plane * height * width + WindowSize * y * width;
                    int outputStart = (plane * outputHeight + y) * outputWidth;
                    PoolRow(source, top, width, destination.Slice(outputStart, outputWidth),
                        indices.Slice(outputStart, outputWidth));
                }
            }
        });
    }

    /// <summary>
    /// Writes the input gradient: each window passes its output gradient to the element that
    /// was its maximum, and every other input element gets 0. Windows do not overlap, so no
    /// element receives two contributions.
    /// </summary>
    public static void Backward(
        ReadOnlyMemory<float> outputGradient,
        ReadOnlyMemory<int> maxIndices,
        int planes,
        int height,
        int width,
        Memory<float> inputGradient,
        int threadCount)
    {
        ParallelChunks.For(planes, threadCount, (start, end) =>
        {
            ReadOnlySpan<float> gradient = outputGradient.Span;
            ReadOnlySpan<int> indices = maxIndices.Span;
            Span<float> destination = inputGradient.Span;
            int planeLength = height * width;
            int outputPlaneLength = OutputSize(height) * OutputSize(width);
            destination.Slice(start * planeLength, (end - start) * planeLength).Clear();
            for (int i = start * outputPlaneLength; i < end * outputPlaneLength; i++)
            {
                destination[indices[i]] = gradient[i];
            }
        });
    }

    /// <summary>
    /// Pools one row of windows whose top-left input element is at <paramref name="top"/>.
    /// Both paths compare left with right in each input row, then top with bottom, taking the
    /// later element only when it is strictly greater, so they give identical results.
    /// </summary>
    private static void PoolRow(ReadOnlySpan<float> source, int top, int width, Span<float> output, Span<int> indices)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; x + WindowsPerVector <= output.Length && WindowSize * (x + WindowsPerVector) <= width; x += WindowsPerVector)
            {
                PoolFourWindows(source, top + WindowSize * x, width, output.Slice(x, WindowsPerVector),
                    indices.Slice(x, WindowsPerVector));
            }
        }

        for (; x < output.Length; x++)
        {
            int topLeft = top + WindowSize * x;
            int upper = source[topLeft + 1] > source[topLeft] ? topLeft + 1 : topLeft;
            int lower = source[topLeft + width + 1] > source[topLeft + width] ? topLeft + width + 1 : topLeft + width;
            int best = source[lower] > source[upper] ? lower : upper;
            output[x] = source[best];
            indices[x] = best;
        }
    }

    private static void PoolFourWindows(ReadOnlySpan<float> source, int topLeft, int width, Span<float> output, Span<int> indices)
    {
        // Lanes hold input columns 0..7 of two rows. After the pair comparisons, the even lanes
        // hold the results of the four windows.
        var swapPairs = Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6);
        var evenLanes = Vector256.Create(0, 2, 4, 6, 0, 2, 4, 6);
        Vector256<int> upperIndex = Vector256.Create(topLeft) + Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        Vector256<int> lowerIndex = upperIndex + Vector256.Create(width);

        (Vector256<float> upperMax, Vector256<int> upperArg) =
            MaxOfPairs(Vector256.Create(source.Slice(topLeft, 8)), upperIndex, swapPairs);
        (Vector256<float> lowerMax, Vector256<int> lowerArg) =
            MaxOfPairs(Vector256.Create(source.Slice(topLeft + width, 8)), lowerIndex, swapPairs);

        Vector256<float> takeLower = Vector256.GreaterThan(lowerMax, upperMax);
        Vector256<float> max = Vector256.ConditionalSelect(takeLower, lowerMax, upperMax);
        Vector256<int> arg = Vector256.ConditionalSelect(takeLower.AsInt32(), lowerArg, upperArg);
        Vector256.Shuffle(max, evenLanes).GetLower().CopyTo(output);
        Vector256.Shuffle(arg, evenLanes).GetLower().CopyTo(indices);
    }

    private static (Vector256<float> Max, Vector256<int> Index) MaxOfPairs(
        Vector256<float> values,
        Vector256<int> indices,
        Vector256<int> swapPairs)
    {
        Vector256<float> right = Vector256.Shuffle(values, swapPairs);
        Vector256<float> takeRight = Vector256.GreaterThan(right, values);
        return (
            Vector256.ConditionalSelect(takeRight, right, values),
            Vector256.ConditionalSelect(takeRight.AsInt32(), Vector256.Shuffle(indices, swapPairs), indices));
    }
}
