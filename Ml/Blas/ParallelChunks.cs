namespace PolicyEngine.Ml.Blas;

/// <summary>
/// Splits an index range into contiguous chunks and runs them on up to a given number of threads.
/// </summary>
/// <remarks>
/// The chunk boundaries depend only on the count and the thread count, but which thread runs a
/// chunk depends on scheduling. Callers keep results deterministic by computing each output
/// element from exactly one index and by never summing across indices.
/// </remarks>
internal static class ParallelChunks
{
    // With more chunks than threads, a running thread can take the chunks of a thread that
    // waits for a core, which matters when other processes share the cores.
    private const int ChunksPerThread = 4;

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, count) on at most
    /// <paramref name="threadCount"/> threads, in chunks of at least
    /// <paramref name="minimumChunkLength"/> indices, on the calling thread when one chunk suffices.
    /// </summary>
    public static void For(int count, int threadCount, Action<int, int> body, int minimumChunkLength = 1)
    {
        if (count <= 0)
        {
            return;
        }

        int threads = Math.Max(1, threadCount);
        int chunkCount = Math.Clamp(count / Math.Max(1, minimumChunkLength), 1, threads * ChunksPerThread);
        if (chunkCount == 1 || threads == 1)
        {
            body(0, count);
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, chunkCount, options, chunk =>
        {
            (int start, int end) = GetChunk(count, chunkCount, chunk);
            body(start, end);
        });
    }

    /// <summary>Returns the bounds of chunk <paramref name="chunk"/> of an even split of [0, count).</summary>
    public static (int Start, int End) GetChunk(int count, int chunkCount, int chunk)
    {
        int start = (int)((long)count * chunk / chunkCount);
        int end = (int)((long)count * (chunk + 1) / chunkCount);
        return (start, end);
    }
}
