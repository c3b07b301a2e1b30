using System.Runtime.InteropServices;

namespace PolicyEngine.Ml.Blas;

/// <summary>
/// P/Invoke declarations for OpenBLAS as shipped by Debian's <c>libopenblas0-pthread</c>
/// (32-bit <c>blasint</c>, so sizes are <see cref="int"/>).
/// </summary>
internal static unsafe partial class OpenBlasNative
{
    public const string LibraryName = "libopenblas.so.0";

    // Values of CBLAS_ORDER and CBLAS_TRANSPOSE from cblas.h.
    public const int RowMajor = 101;
    public const int NoTrans = 111;
    public const int Trans = 112;

    [LibraryImport(LibraryName, EntryPoint = "cblas_sgemm")]
    public static partial void Sgemm(
        int order,
        int transA,
        int transB,
        int m,
        int n,
        int k,
        float alpha,
        float* a,
        int lda,
        float* b,
        int ldb,
        float beta,
        float* c,
        int ldc);

    [LibraryImport(LibraryName, EntryPoint = "openblas_set_num_threads")]
    public static partial void SetNumThreads(int threadCount);

    [LibraryImport(LibraryName, EntryPoint = "openblas_get_num_threads")]
    public static partial int GetNumThreads();

    /// <summary>
    /// Returns the library's build description, a static string such as
    /// "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "openblas_get_config")]
    public static partial nint GetConfig();
}
