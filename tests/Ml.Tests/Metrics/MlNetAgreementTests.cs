using Microsoft.ML.Data;
using PolicyEngine.Ml.Metrics;

namespace PolicyEngine.Ml.Tests.Metrics;

/// <summary>Checks <see cref="MetricsCalculator"/> against ML.NET's multiclass evaluator on the same floats.</summary>
public sealed class MlNetAgreementTests
{
    private const int ClassCount = 10;
    private const int SampleCount = 2_000;

    /// <summary>
    /// A seeded 10-class problem: random logits with a bonus for the true class on most samples,
    /// so the accuracy is neither 0 nor 1 and every class is both present and predicted.
    /// </summary>
    private static (float[] Probabilities, int[] Labels) CreateProblem(int seed)
    {
        var random = new Random(seed);
        int[] labels = new int[SampleCount];
        float[] logits = new float[SampleCount * ClassCount];
        for (int i = 0; i < SampleCount; i++)
        {
            labels[i] = random.Next(ClassCount);
            for (int k = 0; k < ClassCount; k++)
            {
                logits[i * ClassCount + k] = (float)(random.NextDouble() * 4 - 2);
            }

            if (random.NextDouble() < 0.7)
            {
                logits[i * ClassCount + labels[i]] += 2.5f;
            }
        }

        float[] probabilities = new float[logits.Length];
        Softmax.FromLogitRows<float>(logits, ClassCount, probabilities);
        return (probabilities, labels);
    }

    [Fact]
    public void Accuracy_TenClasses_MatchesMlNet()
    {
        (float[] probabilities, int[] labels) = CreateProblem(seed: 11);

        ClassificationMetrics ours = MetricsCalculator.Compute<float>(probabilities, ClassCount, labels);
        MulticlassClassificationMetrics theirs = MlNetEvaluation.Evaluate(probabilities, ClassCount, labels);

        Assert.InRange(ours.Accuracy, 0.3, 0.95);
        Assert.Equal(theirs.MicroAccuracy, ours.Accuracy);
    }

    [Fact]
    public void CrossEntropy_TenClasses_MatchesMlNet()
    {
        (float[] probabilities, int[] labels) = CreateProblem(seed: 12);

        ClassificationMetrics ours = MetricsCalculator.Compute<float>(probabilities, ClassCount, labels);
        MulticlassClassificationMetrics theirs = MlNetEvaluation.Evaluate(probabilities, ClassCount, labels);

        Assert.Equal(theirs.LogLoss, ours.CrossEntropy, 1e-9);
    }

    [Fact]
    public void PerClassCrossEntropy_TenClasses_MatchesMlNet()
    {
        (float[] probabilities, int[] labels) = CreateProblem(seed: 13);

        ClassificationMetrics ours = MetricsCalculator.Compute<float>(probabilities, ClassCount, labels);
        MulticlassClassificationMetrics theirs = MlNetEvaluation.Evaluate(probabilities, ClassCount, labels);

        Assert.Equal(ClassCount, theirs.PerClassLogLoss.Count);
        for (int k = 0; k < ClassCount; k++)
        {
            Assert.Equal(theirs.PerClassLogLoss[k], ours.PerClass[k].CrossEntropy!.Value, 1e-9);
        }
    }

    [Fact]
    public void ConfusionMatrix_TenClasses_MatchesMlNet()
    {
        (float[] probabilities, int[] labels) = CreateProblem(seed: 14);

        ClassificationMetrics ours = MetricsCalculator.Compute<float>(probabilities, ClassCount, labels);
        MulticlassClassificationMetrics theirs = MlNetEvaluation.Evaluate(probabilities, ClassCount, labels);

        for (int t = 0; t < ClassCount; t++)
        {
            Assert.Equal(theirs.ConfusionMatrix.Counts[t].Select(count => (int)count), ours.ConfusionMatrix[t]);
        }
    }

    [Fact]
    public void PrecisionRecall_TenClasses_MatchMlNet()
    {
        (float[] probabilities, int[] labels) = CreateProblem(seed: 15);

        ClassificationMetrics ours = MetricsCalculator.Compute<float>(probabilities, ClassCount, labels);
        MulticlassClassificationMetrics theirs = MlNetEvaluation.Evaluate(probabilities, ClassCount, labels);

        for (int k = 0; k < ClassCount; k++)
        {
            Assert.Equal(theirs.ConfusionMatrix.PerClassPrecision[k], ours.PerClass[k].Precision!.Value, 1e-12);
            Assert.Equal(theirs.ConfusionMatrix.PerClassRecall[k], ours.PerClass[k].Recall!.Value, 1e-12);
        }
    }

    [Fact]
    public void Argmax_TiedRows_AgreesWithMlNet()
    {
        // Three of four rows tie classes 1 and 2, and both evaluators must pick class 1.
        float[] probabilities =
        [
            0.2f, 0.4f, 0.4f,
            0.2f, 0.4f, 0.4f,
            0.6f, 0.2f, 0.2f,
            0.2f, 0.4f, 0.4f,
        ];
        int[] labels = [1, 2, 0, 2];

        ClassificationMetrics ours = MetricsCalculator.Compute<float>(probabilities, 3, labels);
        MulticlassClassificationMetrics theirs = MlNetEvaluation.Evaluate(probabilities, 3, labels);

        Assert.Equal(0.5, ours.Accuracy);
        Assert.Equal(theirs.MicroAccuracy, ours.Accuracy);
        Assert.Equal(2.0, theirs.ConfusionMatrix.Counts[2][1]);
        Assert.Equal(2, ours.ConfusionMatrix[2][1]);
    }

    [Fact]
    public void CrossEntropy_ZeroProbability_DiffersByClamp()
    {
        // Sample 0 gives its true class probability 0. We clamp it at 1e-12, so it adds
        // −ln 1e-12 = 27.631 to our sum. ML.NET clamps at (float)1e-15, so it adds −ln 1e-15 = 34.539
        // to ML.NET's. The other two samples add the same to both, so the means of the three
        // samples differ by (27.631 − 34.539) / 3.
        float[] probabilities = [1f, 0f, 0.3f, 0.7f, 0.6f, 0.4f];
        int[] labels = [1, 1, 0];

        ClassificationMetrics ours = MetricsCalculator.Compute<float>(probabilities, 2, labels);
        MulticlassClassificationMetrics theirs = MlNetEvaluation.Evaluate(probabilities, 2, labels);

        double clampDifference = (-Math.Log(1e-12) + Math.Log((float)1e-15)) / 3;
        Assert.Equal(theirs.LogLoss + clampDifference, ours.CrossEntropy, 1e-9);
        Assert.True(ours.CrossEntropy < theirs.LogLoss);
    }

    [Fact]
    public void Evaluate_DoubleProbabilities_RoundsToFloat()
    {
        MulticlassClassificationMetrics theirs = MlNetEvaluation.Evaluate(
            WorkedExample.Probabilities, WorkedExample.ClassCount, WorkedExample.Labels);

        ClassificationMetrics ours = MetricsCalculator.Compute<double>(
            WorkedExample.Probabilities, WorkedExample.ClassCount, WorkedExample.Labels);

        Assert.Equal(1.0, theirs.MicroAccuracy);
        Assert.Equal(ours.CrossEntropy, theirs.LogLoss, 1e-7);
    }
}
