using PolicyEngine.Ml.Metrics;

namespace PolicyEngine.Ml.Tests.Metrics;

public sealed class MetricsEdgeCaseTests
{
    private static double[] BinaryRows(params double[] yhat) =>
        yhat.SelectMany(value => new[] { 1 - value, value }).ToArray();

    [Fact]
    public void CrossEntropy_TrueClassProbabilityZero_IsClamped()
    {
        // The true class gets 0, which is clamped to 1e-12: −ln(1e-12) = 12·ln 10 = 27.631021115928547.
        ClassificationMetrics metrics = MetricsCalculator.Compute<double>([1.0, 0.0], 2, [1]);

        Assert.True(double.IsFinite(metrics.CrossEntropy));
        Assert.Equal(12 * Math.Log(10), metrics.CrossEntropy, 1e-12);
        Assert.Equal(27.631021115928547, metrics.CrossEntropy, 1e-12);
    }

    [Fact]
    public void CrossEntropy_AboveOne_IsZero()
    {
        ClassificationMetrics metrics = MetricsCalculator.Compute<double>([1.5, -0.5], 2, [0]);

        Assert.Equal(0.0, metrics.CrossEntropy);
    }

    [Fact]
    public void Compute_NaNAndInfinity_RejectsNamingSamples()
    {
        double[] probabilities =
        [
            0.5, 0.5,
            0.5, 0.5,
            0.5, double.NaN,
            0.5, 0.5,
            double.PositiveInfinity, double.NegativeInfinity,
        ];

        var error = Assert.Throws<NonFiniteProbabilityException>(
            () => MetricsCalculator.Compute<double>(probabilities, 2, [0, 0, 0, 0, 0]));

        Assert.Equal(3, error.BadValueCount);
        Assert.Equal(2, error.BadSampleCount);
        Assert.Equal(2, error.FirstBadSamples[0].Sample);
        Assert.Equal(1, error.FirstBadSamples[0].Values[0].Class);
        Assert.Equal(4, error.FirstBadSamples[1].Sample);
        Assert.Equal(2, error.FirstBadSamples[1].Values.Count);
        Assert.Contains("3 NaN or infinite values in 2 samples", error.Message);
        Assert.Contains("sample 2 (p[1] = NaN)", error.Message);
        Assert.Contains("sample 4 (p[0] = Infinity, p[1] = -Infinity)", error.Message);
    }

    [Fact]
    public void Compute_OneNaN_NamesSingleSample()
    {
        var error = Assert.Throws<NonFiniteProbabilityException>(
            () => MetricsCalculator.Compute<float>([0.5f, 0.5f, float.NaN, 1f], 2, [0, 1]));

        Assert.Equal(1, error.BadValueCount);
        Assert.Contains("contains 1 NaN or infinite value in 1 sample, so no metric was computed", error.Message);
        Assert.Contains("It is: sample 1 (p[0] = NaN)", error.Message);
    }

    [Fact]
    public void Compute_ManyBadSamples_ListsFirstFive()
    {
        float[] probabilities = new float[2 * 20];
        Array.Fill(probabilities, 0.5f);
        int[] badSamples = [3, 5, 6, 9, 12, 17, 19];
        foreach (int sample in badSamples)
        {
            probabilities[2 * sample] = float.NaN;
        }

        var error = Assert.Throws<NonFiniteProbabilityException>(
            () => MetricsCalculator.Compute<float>(probabilities, 2, new int[20]));

        Assert.Equal(7, error.BadValueCount);
        Assert.Equal(7, error.BadSampleCount);
        Assert.Equal([3, 5, 6, 9, 12], error.FirstBadSamples.Select(sample => sample.Sample));
        Assert.Contains("The first 5 are", error.Message);
        Assert.DoesNotContain("sample 17", error.Message);
    }

    [Fact]
    public void NoiseRatio_AllLabelsOneClass_IsNull()
    {
        ClassificationMetrics metrics = MetricsCalculator.Compute<double>(BinaryRows(0.2, 0.3, 0.9), 2, [1, 1, 1]);

        Assert.Null(metrics.NoiseRatio);
        Assert.True(metrics.Noise > 0);
    }

    [Fact]
    public void Precision_ClassNeverPredicted_IsNull()
    {
        // Class 2 has one sample but is never predicted. Class 1 is predicted but has no samples.
        double[] probabilities =
        [
            0.7, 0.2, 0.1,
            0.1, 0.6, 0.3,
            0.5, 0.3, 0.2,
        ];

        ClassificationMetrics metrics = MetricsCalculator.Compute<double>(probabilities, 3, [0, 0, 2]);

        Assert.Null(metrics.PerClass[2].Precision);
        Assert.Equal(0.0, metrics.PerClass[2].Recall);
        Assert.Equal(0.0, metrics.PerClass[1].Precision);
        Assert.Null(metrics.PerClass[1].Recall);
        Assert.Null(metrics.PerClass[1].Accuracy);
        Assert.Null(metrics.PerClass[1].CrossEntropy);
        Assert.Equal(0, metrics.PerClass[1].Support);
    }

    [Fact]
    public void PerClassAccuracy_EqualsRecall()
    {
        // Class 0 has 2 of 3 samples right, and class 1 has 1 of 1.
        ClassificationMetrics metrics = MetricsCalculator.Compute<double>(BinaryRows(0.1, 0.6, 0.3, 0.9), 2, [0, 0, 0, 1]);

        Assert.Equal(2.0 / 3.0, metrics.PerClass[0].Accuracy);
        Assert.Equal(metrics.PerClass[0].Recall, metrics.PerClass[0].Accuracy);
        Assert.Equal(1.0, metrics.PerClass[1].Accuracy);
        Assert.Equal(0.5, metrics.PerClass[1].Precision);
    }

    [Fact]
    public void Argmax_Tie_GoesToLowestIndex()
    {
        Assert.Equal(0, MetricsCalculator.Argmax<double>([0.5, 0.5]));
        Assert.Equal(1, MetricsCalculator.Argmax<double>([0.2, 0.4, 0.4]));
        Assert.Equal(2, MetricsCalculator.Argmax<double>([0.2, 0.3, 0.5]));
    }

    [Fact]
    public void Accuracy_TiedRow_PredictsLowestIndex()
    {
        ClassificationMetrics labelZero = MetricsCalculator.Compute<double>([0.5, 0.5], 2, [0]);
        ClassificationMetrics labelOne = MetricsCalculator.Compute<double>([0.5, 0.5], 2, [1]);

        Assert.Equal(1.0, labelZero.Accuracy);
        Assert.Equal(0.0, labelOne.Accuracy);
        Assert.Equal(1, labelOne.ConfusionMatrix[1][0]);
    }

    [Fact]
    public void ConfusionMatrix_RowsAreTrueClasses()
    {
        // Two samples of class 0 predicted as 1, one sample of class 1 predicted as 1.
        ClassificationMetrics metrics = MetricsCalculator.Compute<double>(BinaryRows(0.9, 0.8, 0.7), 2, [0, 0, 1]);

        Assert.Equal([0, 2], metrics.ConfusionMatrix[0]);
        Assert.Equal([0, 1], metrics.ConfusionMatrix[1]);
        Assert.Equal(1.0 / 3.0, metrics.Accuracy);
    }

    /// <summary>The four models of the noise table in docs/metrics.md, all with y = [0, 1, 0, 1, 0].</summary>
    [Theory]
    // Confident and right: gap 0. yhat is 0 or 1 with mean 0.4, so noise 0.4·0.6 = 0.24 and
    // ratio 0.24/0.24 = 1. All confidences are 1, in bin 14 with accuracy 1, so ECE 0.
    [InlineData(new[] { 0.0, 1, 0, 1, 0 }, 1.0, 0.0, 0.24, 1.0, 0.0)]
    // Constant 0.4: predicts class 0, right on 3 of 5. Gap (3·0.4 + 2·0.6)/5 = 0.48, noise 0,
    // ratio 0. All confidences are 0.6, in bin 9 with accuracy 0.6, so ECE 0.
    [InlineData(new[] { 0.4, 0.4, 0.4, 0.4, 0.4 }, 0.6, 0.48, 0.0, 0.0, 0.0)]
    // Confident, two wrong: right on 3 of 5. Gap (0+0+1+1+0)/5 = 0.4. yhat is 0 or 1 with mean
    // 0.4, so noise 0.24 and ratio 1. All confidences are 1, in bin 14 with accuracy 0.6, so ECE 0.4.
    [InlineData(new[] { 0.0, 1, 1, 0, 0 }, 0.6, 0.4, 0.24, 1.0, 0.4)]
    public void NoiseTable_Models_MatchDerivedValues(
        double[] yhat, double accuracy, double gap, double noise, double noiseRatio, double ece)
    {
        ClassificationMetrics metrics = MetricsCalculator.Compute<double>(BinaryRows(yhat), 2, [0, 1, 0, 1, 0]);

        Assert.Equal(accuracy, metrics.Accuracy, 1e-12);
        Assert.Equal(gap, metrics.Gap, 1e-12);
        Assert.Equal(noise, metrics.Noise, 1e-12);
        Assert.Equal(noiseRatio, metrics.NoiseRatio!.Value, 1e-12);
        Assert.Equal(ece, metrics.Ece, 1e-12);
    }

    [Fact]
    public void Compute_LabelOutOfRange_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => MetricsCalculator.Compute<double>([0.5, 0.5, 0.5, 0.5], 2, [0, 2]));

        Assert.Contains("Label 1 is 2", error.Message);
    }

    [Fact]
    public void Compute_ShapeMismatch_Throws()
    {
        var error = Assert.Throws<ArgumentException>(
            () => MetricsCalculator.Compute<double>([0.5, 0.5, 0.5], 2, [0, 1]));

        Assert.Contains("has 3 values", error.Message);
    }

    [Fact]
    public void Compute_OneClass_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MetricsCalculator.Compute<double>([1.0], 1, [0]));
    }

    [Fact]
    public void Compute_NoSamples_Throws()
    {
        Assert.Throws<ArgumentException>(() => MetricsCalculator.Compute<double>([], 2, []));
    }

    [Fact]
    public void Compute_SameInput_IsBitIdentical()
    {
        var random = new Random(7);
        float[] logits = Enumerable.Range(0, 300 * 4).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
        float[] probabilities = new float[logits.Length];
        Softmax.FromLogitRows<float>(logits, 4, probabilities);
        int[] labels = Enumerable.Range(0, 300).Select(_ => random.Next(4)).ToArray();

        ClassificationMetrics first = MetricsCalculator.Compute<float>(probabilities, 4, labels);
        ClassificationMetrics second = MetricsCalculator.Compute<float>(probabilities, 4, labels);

        Assert.Equal(first.CrossEntropy, second.CrossEntropy);
        Assert.Equal(first.Noise, second.Noise);
        Assert.Equal(first.Ece, second.Ece);
        Assert.Equal(first.Brier, second.Brier);
    }
}
