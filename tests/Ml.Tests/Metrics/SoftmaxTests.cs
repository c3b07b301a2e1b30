using PolicyEngine.Ml.Metrics;

namespace PolicyEngine.Ml.Tests.Metrics;

public sealed class SoftmaxTests
{
    [Fact]
    public void Softmax_LargeLogits_DoesNotOverflow()
    {
        // After subtracting the max 1000: exp([0, 0, −2000]) = [1, 1, 0], so [0.5, 0.5, 0].
        double[] probabilities = Softmax.FromLogits<double>([1000, 1000, -1000]);

        Assert.Equal(0.5, probabilities[0]);
        Assert.Equal(0.5, probabilities[1]);
        Assert.Equal(0.0, probabilities[2]);
    }

    [Fact]
    public void Softmax_LargeFloatLogits_DoesNotOverflow()
    {
        float[] probabilities = Softmax.FromLogits<float>([1000f, 1000f, -1000f]);

        Assert.Equal(0.5f, probabilities[0]);
        Assert.Equal(0.5f, probabilities[1]);
        Assert.Equal(0f, probabilities[2]);
    }

    [Fact]
    public void Softmax_SmallLogits_MatchesDefinition()
    {
        // softmax([1, 2, 3]) = e^k / (e + e² + e³).
        double[] probabilities = Softmax.FromLogits<double>([1, 2, 3]);
        double sum = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);

        Assert.Equal(Math.Exp(1) / sum, probabilities[0], 1e-15);
        Assert.Equal(Math.Exp(2) / sum, probabilities[1], 1e-15);
        Assert.Equal(Math.Exp(3) / sum, probabilities[2], 1e-15);
    }

    [Fact]
    public void Softmax_Rows_EachSumToOne()
    {
        float[] logits = [5f, -3f, 0.5f, 80f, 90f, -100f];
        float[] probabilities = new float[logits.Length];

        Softmax.FromLogitRows<float>(logits, 3, probabilities);

        Assert.Equal(1.0, probabilities[0] + probabilities[1] + (double)probabilities[2], 1e-6);
        Assert.Equal(1.0, probabilities[3] + probabilities[4] + (double)probabilities[5], 1e-6);
        Assert.Equal(0, MetricsCalculator.Argmax<float>(probabilities.AsSpan(0, 3)));
        Assert.Equal(1, MetricsCalculator.Argmax<float>(probabilities.AsSpan(3, 3)));
    }

    [Fact]
    public void Softmax_InPlace_GivesSameResult()
    {
        double[] values = [0.1, 0.2, 0.7];
        double[] expected = Softmax.FromLogits<double>(values);

        Softmax.FromLogits<double>(values, values);

        Assert.Equal(expected, values);
    }

    [Fact]
    public void Softmax_NegativeInfinityLogit_GetsZero()
    {
        double[] probabilities = Softmax.FromLogits<double>([0, double.NegativeInfinity]);

        Assert.Equal(1.0, probabilities[0]);
        Assert.Equal(0.0, probabilities[1]);
    }

    [Fact]
    public void Softmax_NaNLogit_IsRejectedByMetrics()
    {
        double[] probabilities = Softmax.FromLogits<double>([0, double.NaN]);

        Assert.True(double.IsNaN(probabilities[0]));
        Assert.Throws<NonFiniteProbabilityException>(() => MetricsCalculator.Compute<double>(probabilities, 2, [0]));
    }

    [Fact]
    public void Softmax_RowsNotDividingIntoClasses_Throws()
    {
        Assert.Throws<ArgumentException>(() => Softmax.FromLogitRows<double>([1, 2, 3], 2, new double[3]));
    }
}
