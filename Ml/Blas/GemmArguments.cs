namespace PolicyEngine.Ml.Blas;

/// <summary>Argument checks shared by the GEMM implementations.</summary>
internal static class GemmArguments
{
    /// <summary>
    /// Validates sizes, leading dimensions and span lengths of a row-major GEMM call, so that a
    /// native BLAS never reads or writes outside the spans.
    /// </summary>
    public static void Validate(
        Transpose transA,
        Transpose transB,
        int m,
        int n,
        int k,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        Span<float> c,
        int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);

        // Stored A is m x k, or k x m when transposed. Likewise, stored B is k x n, or n x k.
        (int aRows, int aColumns) = transA == Transpose.NoTrans ? (m, k) : (k, m);
        (int bRows, int bColumns) = transB == Transpose.NoTrans ? (k, n) : (n, k);
        ValidateMatrix("A", aRows, aColumns, a.Length, lda);
        ValidateMatrix("B", bRows, bColumns, b.Length, ldb);
        ValidateMatrix("C", m, n, c.Length, ldc);

        if (c.Overlaps(a) || c.Overlaps(b))
        {
            throw new ArgumentException("GEMM output C must not overlap input A or B.", nameof(c));
        }
    }

    private static void ValidateMatrix(string name, int rows, int columns, int length, int leadingDimension)
    {
        if (leadingDimension < Math.Max(1, columns))
        {
            throw new ArgumentOutOfRangeException(
                "ld" + name.ToLowerInvariant(),
                leadingDimension,
                $"The leading dimension of {name} must be at least max(1, {columns}), its column count.");
        }

        if (rows == 0 || columns == 0)
        {
            return;
        }

        long required = ((long)rows - 1) * leadingDimension + columns;
        if (length < required)
        {
            throw new ArgumentException(
                $"Matrix {name} is {rows} x {columns} with leading dimension {leadingDimension}, so it needs "
                + $"{required} elements, but the span has {length}.",
                name.ToLowerInvariant());
        }
    }
}
