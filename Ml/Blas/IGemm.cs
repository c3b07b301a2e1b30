namespace PolicyEngine.Ml.Blas;

/// <summary>How GEMM reads a stored matrix, with the meaning of CBLAS_TRANSPOSE.</summary>
public enum Transpose
{
    /// <summary>The matrix is used as stored.</summary>
    NoTrans,

    /// <summary>The matrix is used transposed.</summary>
    Trans,
}

/// <summary>
/// Single-precision general matrix multiply on row-major matrices,
/// C = alpha * op(A) * op(B) + beta * C, with the argument conventions of CBLAS
/// <c>cblas_sgemm</c> in row-major order: op(A) is m x k, op(B) is k x n, C is m x n, and
/// lda, ldb and ldc are the row strides of the stored matrices.
/// </summary>
/// <remarks>
/// As in BLAS, C is not read when beta is 0, and A and B are not read when alpha or k is 0.
/// C must not overlap A or B. Implementations must return bit-identical outputs for equal
/// inputs on one machine with one thread count, because training reproducibility rests on it.
/// </remarks>
public interface IGemm
{
    /// <summary>Implementation name and version, for logs and provenance.</summary>
    string Name { get; }

    /// <summary>Maximum number of threads one call uses.</summary>
    int ThreadCount { get; }

    /// <summary>Computes C = alpha * op(A) * op(B) + beta * C.</summary>
    void Sgemm(
        Transpose transA,
        Transpose transB,
        int m,
        int n,
        int k,
        float alpha,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        float beta,
        Span<float> c,
        int ldc);
}
