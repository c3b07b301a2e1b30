using System.Numerics;
using System.Numerics.Tensors;

namespace PolicyEngine.Ml.Network;

/// <summary>Reductions whose summation order depends only on the input length.</summary>
/// <remarks>
/// TensorPrimitives.Sum does not document its summation order. An order that depended on the
/// data's address could change between runs, because the garbage collector moves arrays, so
/// gradients use these helpers instead. Element-wise TensorPrimitives operations are safe
/// because they never combine elements.
/// </remarks>
internal static class FixedOrderMath
{
    /// <summary>
    /// Sums <paramref name="values"/> with lane i of a <see cref="Vector{T}"/> accumulator
    /// taking the elements at i, i + width, ... and the remainder added last in index order.
    /// </summary>
    public static float Sum(ReadOnlySpan<float> values)
    {
        int width = Vector<float>.Count;
        var accumulator = Vector<float>.Zero;
        int i = 0;
        for (; i + width <= values.Length; i += width)
        {
            accumulator += new Vector<float>(values.Slice(i, width));
        }

        float sum = 0f;
        for (int lane = 0; lane < width; lane++)
        {
            sum += accumulator[lane];
        }

        for (; i < values.Length; i++)
        {
            sum += values[i];
        }

        return sum;
    }

    /// <summary>
    /// Writes the column sums of a row-major rows x columns matrix, adding rows in index order.
    /// </summary>
    public static void SumRows(ReadOnlySpan<float> matrix, int rows, int columns, Span<float> columnSums)
    {
        Span<float> sums = columnSums[..columns];
        matrix[..columns].CopyTo(sums);
        for (int row = 1; row < rows; row++)
        {
            TensorPrimitives.Add(sums, matrix.Slice(row * columns, columns), sums);
        }
    }
}
