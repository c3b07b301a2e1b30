using System.Runtime.InteropServices;

namespace PolicyEngine.Ml.Blas;

/// <summary>Single-precision GEMM through OpenBLAS <c>cblas_sgemm</c>.</summary>
/// <remarks>
/// OpenBLAS keeps one thread count per process. Every call therefore takes a process-wide
/// lock and sets this instance's thread count first when another instance changed it, so two
/// instances with different thread counts never interleave. Two runs on one machine with the
/// same OpenBLAS build and thread count give bit-identical results, which the trainer tests
/// check. A different thread count can change the rounding.
/// </remarks>
public sealed class OpenBlasGemm : IGemm
{
    private static readonly Lock CallLock = new();

    private OpenBlasGemm(int threadCount, string config)
    {
        ThreadCount = threadCount;
        Name = config;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int ThreadCount { get; }

    /// <summary>
    /// Loads OpenBLAS and sets its thread count, or returns null and the reason when the
    /// library or its <c>cblas_sgemm</c> export cannot be loaded.
    /// </summary>
    public static OpenBlasGemm? TryCreate(int threadCount, out string? failureReason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        if (!NativeLibrary.TryLoad(OpenBlasNative.LibraryName, out nint handle))
        {
            failureReason = $"{OpenBlasNative.LibraryName} was not found or failed to load";
            return null;
        }

        if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out _)
            || !NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out _))
        {
            failureReason = $"{OpenBlasNative.LibraryName} loaded but does not export cblas_sgemm and openblas_set_num_threads";
            return null;
        }

        lock (CallLock)
        {
            OpenBlasNative.SetNumThreads(threadCount);

            // Record the count OpenBLAS reports, in case it did not take the requested one.
            int actualThreadCount = OpenBlasNative.GetNumThreads();
            string config = Marshal.PtrToStringUTF8(OpenBlasNative.GetConfig()) ?? "OpenBLAS";
            failureReason = null;
            return new OpenBlasGemm(actualThreadCount, config);
        }
    }

    /// <inheritdoc />
    public unsafe void Sgemm(
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
        int ldc)
    {
        GemmArguments.Validate(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* aPointer = a, bPointer = b, cPointer = c)
        {
            lock (CallLock)
            {
                if (OpenBlasNative.GetNumThreads() != ThreadCount)
                {
                    OpenBlasNative.SetNumThreads(ThreadCount);
                }

                OpenBlasNative.Sgemm(
                    OpenBlasNative.RowMajor,
                    ToCblas(transA),
                    ToCblas(transB),
                    m,
                    n,
                    k,
                    alpha,
                    aPointer,
                    lda,
                    bPointer,
                    ldb,
                    beta,
                    cPointer,
                    ldc);
            }
        }
    }

    private static int ToCblas(Transpose transpose) =>
        transpose == Transpose.NoTrans ? OpenBlasNative.NoTrans : OpenBlasNative.Trans;
}
