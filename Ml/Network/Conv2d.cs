using System.Numerics.Tensors;
using PolicyEngine.Ml.Blas;

namespace PolicyEngine.Ml.Network;

/// <summary>
/// Batched 2-D convolution (cross-correlation, as torch.nn.Conv2d) computed as im2col + GEMM.
/// Weights are [output channel, input channel, kernel row, kernel column], as in PyTorch.
/// </summary>
internal static class Conv2d
{
    /// <summary>
    /// Copies every kernel-sized patch of the input into the columns of a
    /// PatchLength x OutputPositions matrix, one row per (channel, kernel row, kernel column).
    /// </summary>
    public static void Im2Col(ConvolutionShape shape, ReadOnlyMemory<float> input, Memory<float> columns, int threadCount)
    {
        ParallelChunks.For(shape.PatchLength, threadCount, (startRow, endRow) =>
        {
            ReadOnlySpan<float> source = input.Span;
            Span<float> destination = columns.Span;
            for (int row = startRow; row < endRow; row++)
            {
                CopyPatchRow(shape, row, source, destination.Slice(row * shape.OutputPositions, shape.OutputPositions));
            }
        });
    }

    /// <summary>
    /// Writes the input gradient from the gradient of the im2col matrix: each input element
    /// receives the sum of the column entries copied from it, added in (kernel row, kernel
    /// column) order.
    /// </summary>
    public static void Col2Im(ConvolutionShape shape, ReadOnlyMemory<float> columns, Memory<float> input, int threadCount)
    {
        int planes = shape.InputChannels * shape.Batch;
        ParallelChunks.For(planes, threadCount, (startPlane, endPlane) =>
        {
            ReadOnlySpan<float> source = columns.Span;
            Span<float> destination = input.Span;
            for (int plane = startPlane; plane < endPlane; plane++)
            {
                int planeLength = shape.Height * shape.Width;
                AccumulatePlane(shape, plane, source, destination.Slice(plane * planeLength, planeLength));
            }
        });
    }

    /// <summary>
    /// Computes output = weights x im2col(input) + bias, shaped [output channel, image, row, column].
    /// Leaves the im2col matrix in <paramref name="columns"/> for <see cref="Backward"/>.
    /// </summary>
    public static void Forward(
        IGemm gemm,
        ConvolutionShape shape,
        ReadOnlyMemory<float> input,
        ReadOnlyMemory<float> weights,
        ReadOnlyMemory<float> bias,
        Memory<float> columns,
        Memory<float> output)
    {
        Im2Col(shape, input, columns, gemm.ThreadCount);
        int positions = shape.OutputPositions;
        gemm.Sgemm(
            Transpose.NoTrans,
            Transpose.NoTrans,
            shape.OutputChannels,
            positions,
            shape.PatchLength,
            1f,
            weights.Span[..shape.WeightLength],
            shape.PatchLength,
            columns.Span[..shape.ColumnsLength],
            positions,
            0f,
            output.Span[..shape.OutputLength],
            positions);

        ParallelChunks.For(shape.OutputChannels, gemm.ThreadCount, (start, end) =>
        {
            Span<float> values = output.Span;
            ReadOnlySpan<float> biasValues = bias.Span;
            for (int channel = start; channel < end; channel++)
            {
                Span<float> row = values.Slice(channel * positions, positions);
                TensorPrimitives.Add(row, biasValues[channel], row);
            }
        });
    }

    /// <summary>
    /// Computes the weight and bias gradients from the output gradient and the im2col matrix
    /// of the forward pass, and the input gradient unless <paramref name="inputGradient"/> is empty.
    /// </summary>
    public static void Backward(
        IGemm gemm,
        ConvolutionShape shape,
        ReadOnlyMemory<float> columns,
        ReadOnlyMemory<float> weights,
        ReadOnlyMemory<float> outputGradient,
        Memory<float> weightGradient,
        Memory<float> biasGradient,
        Memory<float> columnGradient,
        Memory<float> inputGradient)
    {
        int positions = shape.OutputPositions;
        ReadOnlySpan<float> gradient = outputGradient.Span[..shape.OutputLength];

        // dW = dY x columns^T, summed over every image and position of the batch by the GEMM.
        gemm.Sgemm(
            Transpose.NoTrans,
            Transpose.Trans,
            shape.OutputChannels,
            shape.PatchLength,
            positions,
            1f,
            gradient,
            positions,
            columns.Span[..shape.ColumnsLength],
            positions,
            0f,
            weightGradient.Span[..shape.WeightLength],
            shape.PatchLength);

        ParallelChunks.For(shape.OutputChannels, gemm.ThreadCount, (start, end) =>
        {
            ReadOnlySpan<float> values = outputGradient.Span;
            Span<float> sums = biasGradient.Span;
            for (int channel = start; channel < end; channel++)
            {
                sums[channel] = FixedOrderMath.Sum(values.Slice(channel * positions, positions));
            }
        });

        if (inputGradient.IsEmpty)
        {
            return;
        }

        // dColumns = W^T x dY, then each input element collects the entries copied from it.
        gemm.Sgemm(
            Transpose.Trans,
            Transpose.NoTrans,
            shape.PatchLength,
            positions,
            shape.OutputChannels,
            1f,
            weights.Span[..shape.WeightLength],
            shape.PatchLength,
            gradient,
            positions,
            0f,
            columnGradient.Span[..shape.ColumnsLength],
            positions);
        Col2Im(shape, columnGradient, inputGradient, gemm.ThreadCount);
    }

    private static void CopyPatchRow(ConvolutionShape shape, int row, ReadOnlySpan<float> input, Span<float> destination)
    {
        int kernel = shape.KernelSize;
        int channel = row / (kernel * kernel);
        int kernelRow = row / kernel % kernel;
        int kernelColumn = row % kernel;
        int outputHeight = shape.OutputHeight;
        int outputWidth = shape.OutputWidth;
        for (int image = 0; image < shape.Batch; image++)
        {
            int plane = (channel * shape.Batch + image) * shape.Height * shape.Width;
            for (int y = 0; y < outputHeight; y++)
            {
                int sourceStart = plane + (y + kernelRow) * shape.Width + kernelColumn;
                int destinationStart = (image * outputHeight + y) * outputWidth;
                input.Slice(sourceStart, outputWidth).CopyTo(destination.Slice(destinationStart, outputWidth));
            }
        }
    }

    private static void AccumulatePlane(ConvolutionShape shape, int plane, ReadOnlySpan<float> columns, Span<float> destination)
    {
        int kernel = shape.KernelSize;
        int channel = plane / shape.Batch;
        int image = plane % shape.Batch;
        int outputHeight = shape.OutputHeight;
        int outputWidth = shape.OutputWidth;
        destination.Clear();
        for (int kernelRow = 0; kernelRow < kernel; kernelRow++)
        {
            for (int kernelColumn = 0; kernelColumn < kernel; kernelColumn++)
            {
                int row = (channel * kernel + kernelRow) * kernel + kernelColumn;
                ReadOnlySpan<float> patchRow = columns.Slice(row * shape.OutputPositions, shape.OutputPositions);
                for (int y = 0; y < outputHeight; y++)
                {
                    ReadOnlySpan<float> source = patchRow.Slice((image * outputHeight + y) * outputWidth, outputWidth);
                    Span<float> target = destination.Slice((y + kernelRow) * shape.Width + kernelColumn, outputWidth);
                    TensorPrimitives.Add(target, source, target);
                }
            }
        }
    }
}
