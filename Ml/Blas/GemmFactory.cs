namespace PolicyEngine.Ml.Blas;

/// <summary>Which GEMM implementation <see cref="GemmFactory.Create"/> returns.</summary>
public enum GemmBackend
{
    /// <summary>OpenBLAS when it loads, otherwise the managed GEMM.</summary>
    Auto,

    /// <summary>OpenBLAS, or an error when it does not load.</summary>
    OpenBlas,

    /// <summary>The managed GEMM, even when OpenBLAS is installed.</summary>
    Managed,
}

/// <summary>Chooses the GEMM implementation for a run.</summary>
public static class GemmFactory
{
    /// <summary>
    /// Creates a GEMM that uses <paramref name="threadCount"/> threads and reports through
    /// <paramref name="log"/>, once, which implementation it chose and why.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="backend"/> is <see cref="GemmBackend.OpenBlas"/> and OpenBLAS does not load.
    /// </exception>
    public static IGemm Create(int threadCount, GemmBackend backend = GemmBackend.Auto, Action<string>? log = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        if (backend == GemmBackend.Managed)
        {
            var managed = new ManagedGemm(threadCount);
            log?.Invoke($"Using {managed.Name} with {threadCount} threads, as requested.");
            return managed;
        }

        OpenBlasGemm? openBlas = OpenBlasGemm.TryCreate(threadCount, out string? failureReason);
        if (openBlas is not null)
        {
            log?.Invoke($"Using {openBlas.Name} with {openBlas.ThreadCount} threads.");
            return openBlas;
        }

        if (backend == GemmBackend.OpenBlas)
        {
            throw new InvalidOperationException(
                $"OpenBLAS was requested but {failureReason}. Install the Debian package libopenblas0-pthread "
                + "or choose the managed GEMM.");
        }

        var fallback = new ManagedGemm(threadCount);
        log?.Invoke(
            $"Using {fallback.Name} with {threadCount} threads because {failureReason}. "
            + "Install the Debian package libopenblas0-pthread for faster training.");
        return fallback;
    }
}
