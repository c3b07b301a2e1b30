using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace PolicyEngine.Ml.Blas;

/// <summary>
/// Managed single-precision GEMM: a register tile of 4 rows by two <see cref="Vector{T}"/>
/// widths of columns, column panels of op(B) read in place or packed, and tiles spread over
/// threads.
/// </summary>
/// <remarks>
/// Each element of C is computed by one thread as a fused multiply-add chain over k in
/// ascending order, and the tile grid depends only on m and n. So the result does not depend
/// on scheduling or on the thread count, only on the machine's vector width.
/// </remarks>
public sealed class ManagedGemm : IGemm
{
    private const int RowsPerTile = 4;

    /// <summary>Creates a GEMM that uses at most <paramref name="threadCount"/> threads per call.</summary>
    public ManagedGemm(int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        ThreadCount = threadCount;
    }

    /// <inheritdoc />
    public string Name => Vector.IsHardwareAccelerated
        ? $"managed GEMM ({Vector<float>.Count * 32}-bit vectors)"
        : "managed GEMM (vectors not hardware accelerated)";

    /// <inheritdoc />
    public int ThreadCount { get; }

    private static int ColumnsPerTile => 2 * Vector<float>.Count;

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

        if (k == 0 || alpha == 0f)
        {
            ScaleOutput(m, n, beta, c, ldc);
            return;
        }

        int rowTiles = (m + RowsPerTile - 1) / RowsPerTile;
        int columnTiles = (n + ColumnsPerTile - 1) / ColumnsPerTile;

        // Untransposed B is read in place except for a last, narrower panel, which is packed
        // with zero padding. Transposed B is packed whole so that panel rows are contiguous.
        int packedPanels = transB == Transpose.Trans ? columnTiles : 1;
        float[] packedB = ArrayPool<float>.Shared.Rent(GetPackedLength(packedPanels, ColumnsPerTile, k));
        try
        {
            fixed (float* aPointer = a, bPointer = b, cPointer = c, packedBPointer = packedB)
            {
                var job = new TileJob
                {
                    TransA = transA,
                    TransB = transB,
                    M = m,
                    N = n,
                    K = k,
                    Alpha = alpha,
                    Beta = beta,
                    A = aPointer,
                    Lda = lda,
                    B = bPointer,
                    Ldb = ldb,
                    C = cPointer,
                    Ldc = ldc,
                    PackedB = packedBPointer,
                    RowTiles = rowTiles,
                };
                if (transB == Transpose.Trans)
                {
                    ParallelChunks.For(columnTiles, ThreadCount, job.PackB);
                }
                else if (n % ColumnsPerTile != 0)
                {
                    job.PackB(columnTiles - 1, columnTiles);
                }

                // Tiles are numbered column tile first, so one thread's tiles share B panels.
                ParallelChunks.For(rowTiles * columnTiles, ThreadCount, job.MultiplyTiles);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packedB);
        }
    }

    private static int GetPackedLength(int tiles, int tileWidth, int k)
    {
        long length = (long)tiles * tileWidth * k;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(k),
                $"The managed GEMM packs op(B) into an array, and {length} elements exceed the array limit.");
        }

        return (int)length;
    }

    private static void ScaleOutput(int m, int n, float beta, Span<float> c, int ldc)
    {
        for (int row = 0; row < m; row++)
        {
            Span<float> outputRow = c.Slice(row * ldc, n);
            if (beta == 0f)
            {
                outputRow.Clear();
            }
            else if (beta != 1f)
            {
                TensorPrimitives.Multiply(outputRow, beta, outputRow);
            }
        }
    }

    /// <summary>Pointers and sizes of one GEMM call, shared by the threads that work on it.</summary>
    private sealed unsafe class TileJob
    {
        public Transpose TransA;
        public Transpose TransB;
        public int M;
        public int N;
        public int K;
        public float Alpha;
        public float Beta;
        public float* A;
        public int Lda;
        public float* B;
        public int Ldb;
        public float* C;
        public int Ldc;
        public float* PackedB;
        public int RowTiles;

        /// <summary>
        /// Copies the column panels of op(B) that cannot be read in place, so that the columns
        /// of one k step are adjacent, with columns past n set to zero.
        /// </summary>
        public void PackB(int startTile, int endTile)
        {
            int width = ColumnsPerTile;
            for (int tile = startTile; tile < endTile; tile++)
            {
                int firstColumn = tile * width;
                int columns = Math.Min(width, N - firstColumn);
                if (TransB == Transpose.Trans)
                {
                    PackTransposedPanel(PackedB + (long)tile * width * K, firstColumn, columns);
                }
                else if (columns < width)
                {
                    PackPartialPanel(PackedB, firstColumn, columns);
                }
            }
        }

        public void MultiplyTiles(int startTile, int endTile)
        {
            for (int tile = startTile; tile < endTile; tile++)
            {
                int columnTile = tile / RowTiles;
                int firstColumn = columnTile * ColumnsPerTile;
                float* panel;
                long panelStride;
                if (TransB == Transpose.Trans)
                {
                    panel = PackedB + (long)columnTile * ColumnsPerTile * K;
                    panelStride = ColumnsPerTile;
                }
                else if (N - firstColumn < ColumnsPerTile)
                {
                    panel = PackedB;
                    panelStride = ColumnsPerTile;
                }
                else
                {
                    panel = B + firstColumn;
                    panelStride = Ldb;
                }

                MultiplyTile(tile % RowTiles, columnTile, panel, panelStride);
            }
        }

        private void PackPartialPanel(float* destination, int firstColumn, int columns)
        {
            int width = ColumnsPerTile;
            for (int p = 0; p < K; p++)
            {
                var source = new ReadOnlySpan<float>(B + (long)p * Ldb + firstColumn, columns);
                var target = new Span<float>(destination + (long)p * width, width);
                source.CopyTo(target);
                target[columns..].Clear();
            }
        }

        private void PackTransposedPanel(float* destination, int firstColumn, int columns)
        {
            // Column j of op(B) is row firstColumn + j of B. Blocks of k keep the destination
            // block in the L1 cache while the stored rows are read sequentially.
            const int kBlock = 64;
            int width = ColumnsPerTile;
            new Span<float>(destination, width * K).Clear();
            for (int blockStart = 0; blockStart < K; blockStart += kBlock)
            {
                int blockEnd = Math.Min(K, blockStart + kBlock);
                for (int j = 0; j < columns; j++)
                {
                    float* source = B + (long)(firstColumn + j) * Ldb;
                    for (int p = blockStart; p < blockEnd; p++)
                    {
                        destination[(long)p * width + j] = source[p];
                    }
                }
            }
        }

        private void MultiplyTile(int rowTile, int columnTile, float* b, long panelStride)
        {
            int vectorWidth = Vector<float>.Count;
            int width = 2 * vectorWidth;

            // Element (row, p) of op(A) is at A[row * rowStride + p * kStride]. Rows past m
            // repeat the last row, and their sums are computed but never written.
            (long rowStride, long kStride) = TransA == Transpose.NoTrans ? ((long)Lda, 1L) : (1L, (long)Lda);
            int firstRow = rowTile * RowsPerTile;
            float* a0 = A + Math.Min(firstRow, M - 1) * rowStride;
            float* a1 = A + Math.Min(firstRow + 1, M - 1) * rowStride;
            float* a2 = A + Math.Min(firstRow + 2, M - 1) * rowStride;
            float* a3 = A + Math.Min(firstRow + 3, M - 1) * rowStride;

            Vector<float> c00 = Vector<float>.Zero, c01 = Vector<float>.Zero;
            Vector<float> c10 = Vector<float>.Zero, c11 = Vector<float>.Zero;
            Vector<float> c20 = Vector<float>.Zero, c21 = Vector<float>.Zero;
            Vector<float> c30 = Vector<float>.Zero, c31 = Vector<float>.Zero;
            for (int p = 0; p < K; p++)
            {
                Vector<float> b0 = Vector.Load(b);
                Vector<float> b1 = Vector.Load(b + vectorWidth);
                var broadcast = new Vector<float>(*a0);
                c00 = Vector.FusedMultiplyAdd(broadcast, b0, c00);
                c01 = Vector.FusedMultiplyAdd(broadcast, b1, c01);
                broadcast = new Vector<float>(*a1);
                c10 = Vector.FusedMultiplyAdd(broadcast, b0, c10);
                c11 = Vector.FusedMultiplyAdd(broadcast, b1, c11);
                broadcast = new Vector<float>(*a2);
                c20 = Vector.FusedMultiplyAdd(broadcast, b0, c20);
                c21 = Vector.FusedMultiplyAdd(broadcast, b1, c21);
                broadcast = new Vector<float>(*a3);
                c30 = Vector.FusedMultiplyAdd(broadcast, b0, c30);
                c31 = Vector.FusedMultiplyAdd(broadcast, b1, c31);
                a0 += kStride;
                a1 += kStride;
                a2 += kStride;
                a3 += kStride;
                b += panelStride;
            }

            float* sums = stackalloc float[RowsPerTile * width];
            Vector.Store(c00, sums);
            Vector.Store(c01, sums + vectorWidth);
            Vector.Store(c10, sums + width);
            Vector.Store(c11, sums + width + vectorWidth);
            Vector.Store(c20, sums + 2 * width);
            Vector.Store(c21, sums + 2 * width + vectorWidth);
            Vector.Store(c30, sums + 3 * width);
            Vector.Store(c31, sums + 3 * width + vectorWidth);
            WriteTile(rowTile, columnTile, sums);
        }

        /// <summary>
        /// Writes alpha * sums + beta * C for the valid part of a tile. Scalar and vector paths
        /// round identically because both multiply and add in single precision without fusing.
        /// </summary>
        private void WriteTile(int rowTile, int columnTile, float* sums)
        {
            int vectorWidth = Vector<float>.Count;
            int width = 2 * vectorWidth;
            int firstRow = rowTile * RowsPerTile;
            int firstColumn = columnTile * width;
            int rows = Math.Min(RowsPerTile, M - firstRow);
            int columns = Math.Min(width, N - firstColumn);
            var alpha = new Vector<float>(Alpha);
            var beta = new Vector<float>(Beta);
            for (int r = 0; r < rows; r++)
            {
                float* output = C + (long)(firstRow + r) * Ldc + firstColumn;
                float* rowSums = sums + r * width;
                int j = 0;
                for (; j + vectorWidth <= columns; j += vectorWidth)
                {
                    Vector<float> scaled = alpha * Vector.Load(rowSums + j);
                    Vector<float> result = Beta == 0f ? scaled : scaled + beta * Vector.Load(output + j);
                    Vector.Store(result, output + j);
                }

                for (; j < columns; j++)
                {
                    float scaled = Alpha * rowSums[j];
                    output[j] = Beta == 0f ? scaled : scaled + Beta * output[j];
                }
            }
        }
    }
}
