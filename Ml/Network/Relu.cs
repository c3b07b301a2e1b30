using System.Numerics;
using System.Numerics.Tensors;
using PolicyEngine.Ml.Blas;

namespace PolicyEngine.Ml.Network;

/// <summary>Rectified linear unit, max(x, 0), applied in place.</summary>
internal static class Relu
{
    // Below this many elements per thread, starting a parallel loop costs more than it saves.
    private const int MinimumChunkLength = 16_384;

    /// <summary>Replaces each value by max(value, 0).</summary>
    public static void Forward(Memory<float> values, int threadCount)
    {
        ParallelChunks.For(values.Length, threadCount, (start, end) =>
        {
            Span<float> chunk = values.Span[start..end];
            TensorPrimitives.Max(chunk, 0f, chunk);
        }, MinimumChunkLength);
    }

    /// <summary>
    /// Sets the gradient to 0 wherever the forward output is not positive, so the gradient
    /// at exactly 0 is taken as 0.
    /// </summary>
    public static void Backward(ReadOnlyMemory<float> output, Memory<float> gradient, int threadCount)
    {
        ParallelChunks.For(gradient.Length, threadCount, (start, end) =>
        {
            MaskChunk(output.Span[start..end], gradient.Span[start..end]);
        }, MinimumChunkLength);
    }

    private static void MaskChunk(ReadOnlySpan<float> output, Span<float> gradient)
    {
        int width = Vector<float>.Count;
        int i = 0;
        for (; i + width <= gradient.Length; i += width)
        {
            var positive = Vector.GreaterThan(new Vector<float>(output.Slice(i, width)), Vector<float>.Zero);
            var masked = Vector.ConditionalSelect(positive, new Vector<float>(gradient.Slice(i, width)), Vector<float>.Zero);
            masked.CopyTo(gradient.Slice(i, width));
        }

        for (; i < gradient.Length; i++)
        {
            gradient[i] = output[i] > 0f ? gradient[i] : 0f;
        }
    }
}
