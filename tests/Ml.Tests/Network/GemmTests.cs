using PolicyEngine.Ml.Blas;

namespace PolicyEngine.Ml.Tests.Network;

/// <summary>A fact that is skipped, with the reason, when OpenBLAS does not load.</summary>
public sealed class OpenBlasFactAttribute : FactAttribute
{
    public OpenBlasFactAttribute()
    {
        if (OpenBlasGemm.TryCreate(1, out string? reason) is null)
        {
            Skip = $"OpenBLAS is not available ({reason}); install the Debian package libopenblas0-pthread.";
        }
    }
}

public sealed class GemmTests
{
    public static TheoryData<bool, bool, int, int, int> Shapes()
    {
        var data = new TheoryData<bool, bool, int, int, int>();
        (int M, int N, int K)[] sizes = [(1, 1, 1), (3, 5, 7), (17, 33, 9), (4, 16, 1), (37, 19, 65), (5, 70, 130)];
        foreach (bool transA in new[] { false, true })
        {
            foreach (bool transB in new[] { false, true })
            {
                foreach ((int m, int n, int k) in sizes)
                {
                    data.Add(transA, transB, m, n, k);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ManagedGemm_MatchesTripleLoop(bool transA, bool transB, int m, int n, int k)
    {
        // Leading dimensions wider than the matrices check that strides are honoured.
        int lda = (transA ? m : k) + 3;
        int ldb = (transB ? k : n) + 2;
        int ldc = n + 1;
        float[] a = TestArrays.Uniform((transA ? k : m) * lda, 1);
        float[] b = TestArrays.Uniform((transB ? n : k) * ldb, 2);
        float[] c = TestArrays.Uniform(m * ldc, 3);
        double[] expected = TestArrays.NaiveGemm(transA, transB, m, n, k, 0.75f, a, lda, b, ldb, -0.5f, c, ldc);

        new ManagedGemm(2).Sgemm(ToTranspose(transA), ToTranspose(transB), m, n, k, 0.75f, a, lda, b, ldb, -0.5f, c, ldc);

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                Assert.True(
                    Math.Abs(c[i * ldc + j] - expected[i * n + j]) <= 1e-5 * (k + 1),
                    $"C[{i}, {j}] is {c[i * ldc + j]}, expected {expected[i * n + j]}.");
            }
        }
    }

    [Fact]
    public void ManagedGemm_LeavesPaddingColumnsOfCUntouched()
    {
        const int m = 5, n = 3, k = 4, ldc = 6;
        float[] a = TestArrays.Uniform(m * k, 1);
        float[] b = TestArrays.Uniform(k * n, 2);
        float[] c = Enumerable.Repeat(42f, m * ldc).ToArray();

        new ManagedGemm(1).Sgemm(Transpose.NoTrans, Transpose.NoTrans, m, n, k, 1f, a, k, b, n, 0f, c, ldc);

        for (int i = 0; i < m; i++)
        {
            for (int j = n; j < ldc; j++)
            {
                Assert.Equal(42f, c[i * ldc + j]);
            }
        }
    }

    [Fact]
    public void ManagedGemm_BetaZeroIgnoresNaNInC()
    {
        float[] a = TestArrays.Uniform(6, 1);
        float[] b = TestArrays.Uniform(6, 2);
        float[] c = Enumerable.Repeat(float.NaN, 4).ToArray();

        new ManagedGemm(1).Sgemm(Transpose.NoTrans, Transpose.NoTrans, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 2);

        Assert.All(c, value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public void ManagedGemm_ZeroKScalesC()
    {
        float[] c = [1f, 2f, 3f, 4f];

        new ManagedGemm(1).Sgemm(Transpose.NoTrans, Transpose.NoTrans, 2, 2, 0, 1f, [], 1, [], 2, 0.5f, c, 2);

        Assert.Equal([0.5f, 1f, 1.5f, 2f], c);
    }

    [Fact]
    public void ManagedGemm_ThreadCountDoesNotChangeBits()
    {
        const int m = 67, n = 45, k = 300;
        float[] a = TestArrays.Uniform(k * m, 1);
        float[] b = TestArrays.Uniform(n * k, 2);
        var single = new float[m * n];
        var parallel = new float[m * n];

        new ManagedGemm(1).Sgemm(Transpose.Trans, Transpose.Trans, m, n, k, 1f, a, m, b, k, 0f, single, n);
        new ManagedGemm(2).Sgemm(Transpose.Trans, Transpose.Trans, m, n, k, 1f, a, m, b, k, 0f, parallel, n);

        Assert.Equal(single, parallel);
    }

    [Fact]
    public void Gemm_ShortSpanIsRejected()
    {
        var gemm = new ManagedGemm(1);
        float[] a = new float[5];
        float[] b = new float[6];
        float[] c = new float[4];

        var error = Assert.Throws<ArgumentException>(
            () => gemm.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 2));

        Assert.Contains("needs 6 elements", error.Message);
    }

    [Fact]
    public void Gemm_OverlappingOutputIsRejected()
    {
        var gemm = new ManagedGemm(1);
        float[] buffer = new float[8];

        Assert.Throws<ArgumentException>(() => gemm.Sgemm(
            Transpose.NoTrans, Transpose.NoTrans, 2, 2, 2, 1f, buffer.AsSpan(0, 4), 2, buffer.AsSpan(4, 4), 2, 0f,
            buffer.AsSpan(2, 4), 2));
    }

    [OpenBlasFact]
    public void OpenBlasGemm_AgreesWithManaged()
    {
        OpenBlasGemm openBlas = OpenBlasGemm.TryCreate(2, out _)!;
        var managed = new ManagedGemm(2);
        foreach (bool transA in new[] { false, true })
        {
            foreach (bool transB in new[] { false, true })
            {
                const int m = 70, n = 130, k = 290;
                float[] a = TestArrays.Uniform(m * k, 1);
                float[] b = TestArrays.Uniform(k * n, 2);
                float[] fromOpenBlas = TestArrays.Uniform(m * n, 3);
                float[] fromManaged = (float[])fromOpenBlas.Clone();
                int lda = transA ? m : k;
                int ldb = transB ? k : n;

                openBlas.Sgemm(ToTranspose(transA), ToTranspose(transB), m, n, k, 1.5f, a, lda, b, ldb, 0.25f, fromOpenBlas, n);
                managed.Sgemm(ToTranspose(transA), ToTranspose(transB), m, n, k, 1.5f, a, lda, b, ldb, 0.25f, fromManaged, n);

                double relativeError = Norm(fromOpenBlas, fromManaged) / Norm(fromOpenBlas, new float[m * n]);
                Assert.True(relativeError < 1e-5, $"transA {transA}, transB {transB}: relative error {relativeError}.");
            }
        }
    }

    [OpenBlasFact]
    public void OpenBlasGemm_UsesRequestedThreadCount()
    {
        OpenBlasGemm? gemm = OpenBlasGemm.TryCreate(2, out string? reason);

        Assert.NotNull(gemm);
        Assert.Null(reason);
        Assert.Equal(2, gemm.ThreadCount);
        Assert.StartsWith("OpenBLAS", gemm.Name);
    }

    [OpenBlasFact]
    public void GemmFactory_AutoPrefersOpenBlasAndLogsOnce()
    {
        var messages = new List<string>();

        IGemm gemm = GemmFactory.Create(2, GemmBackend.Auto, messages.Add);

        Assert.IsType<OpenBlasGemm>(gemm);
        string message = Assert.Single(messages);
        Assert.Contains("OpenBLAS", message);
    }

    [Fact]
    public void GemmFactory_ManagedBackendLogsReason()
    {
        var messages = new List<string>();

        IGemm gemm = GemmFactory.Create(2, GemmBackend.Managed, messages.Add);

        Assert.IsType<ManagedGemm>(gemm);
        Assert.Equal(2, gemm.ThreadCount);
        Assert.Contains("as requested", Assert.Single(messages));
    }

    private static Transpose ToTranspose(bool transpose) => transpose ? Transpose.Trans : Transpose.NoTrans;

    private static double Norm(float[] left, float[] right)
    {
        double sum = 0;
        for (int i = 0; i < left.Length; i++)
        {
            double difference = left[i] - (double)right[i];
            sum += difference * difference;
        }

        return Math.Sqrt(sum);
    }
}
