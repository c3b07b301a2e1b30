using PolicyEngine.Ml.Metrics;

namespace PolicyEngine.Ml.Tests.Metrics;

/// <summary>
/// The worked binary example, y = [0, 1, 0, 1, 0] and yhat = [0.2, 0.8, 0.3, 0.7, 0.4], with every
/// expected value derived by hand below. Rows are p_i = [1 − yhat_i, yhat_i], so the true-class
/// probabilities are [0.8, 0.8, 0.7, 0.7, 0.6] and every argmax is the true class.
/// </summary>
public sealed class WorkedExampleTests
{
    private const double Tolerance = 1e-12;

    private static readonly ClassificationMetrics Metrics =
        MetricsCalculator.Compute<double>(WorkedExample.Probabilities, WorkedExample.ClassCount, WorkedExample.Labels);

    [Fact]
    public void Accuracy_AllPredictionsRight_IsOne()
    {
        // pred = [0, 1, 0, 1, 0] = y, so 5 of 5 are right.
        Assert.Equal(1.0, Metrics.Accuracy);
        Assert.Equal(5, Metrics.SampleSize);
        Assert.Equal(2, Metrics.ClassCount);
    }

    [Fact]
    public void Wilson_FiveOfFive_MatchesClosedForm()
    {
        // z² = 1.959963984540054² = 3.8414588206941254, d = 1 + z²/5 = 1.7682917641388252.
        // At accuracy 1 the square root is z/(2N) = z/10, so half = z²/(10d) and
        // centre = (1 + z²/10)/d. Then lower = centre − half = 1/d = 0.5655175352168252 and
        // upper = centre + half = (1 + z²/5)/d = 1.
        Assert.Equal(0.5655175352168252, Metrics.AccuracyLower95, Tolerance);
        Assert.Equal(1.0, Metrics.AccuracyUpper95);
    }

    [Fact]
    public void CrossEntropy_WorkedExample_IsMeanNegativeLog()
    {
        // −ln 0.8 = 0.2231435513, −ln 0.7 = 0.3566749439, −ln 0.6 = 0.5108256238.
        // Sum = 2·0.2231435513 + 2·0.3566749439 + 0.5108256238 = 1.6704626143, / 5 = 0.3340925229.
        double expected = (2 * Math.Log(1 / 0.8) + 2 * Math.Log(1 / 0.7) + Math.Log(1 / 0.6)) / 5;

        Assert.Equal(0.334092522854375, expected, Tolerance);
        Assert.Equal(expected, Metrics.CrossEntropy, Tolerance);
    }

    [Fact]
    public void Gap_WorkedExample_IsMeanWrongClassProbability()
    {
        // 1 − p_i[y_i] = [0.2, 0.2, 0.3, 0.3, 0.4], sum 1.4, / 5 = 0.28.
        // The two-class form mean |yhat − y| has the same terms.
        Assert.Equal(0.28, Metrics.Gap, Tolerance);
    }

    [Fact]
    public void Noise_WorkedExample_IsVarianceOfYhat()
    {
        // mean(yhat) = 2.4 / 5 = 0.48; deviations [−0.28, 0.32, −0.18, 0.22, −0.08];
        // squares [0.0784, 0.1024, 0.0324, 0.0484, 0.0064] sum 0.268, / 5 = 0.0536.
        // Column 0 is 1 − yhat, whose variance is the same, so the mean over classes is 0.0536.
        Assert.Equal(0.0536, Metrics.Noise, Tolerance);
    }

    [Fact]
    public void NoiseRatio_WorkedExample_Is67Over300()
    {
        // π_0 = 3/5, π_1 = 2/5, so each one-hot column has variance 0.6·0.4 = 0.24 and the label
        // noise is 0.24. Ratio = 0.0536 / 0.24 = (67/1250)·(25/6) = 67/300 = 0.22333…
        Assert.NotNull(Metrics.NoiseRatio);
        Assert.Equal(67.0 / 300.0, Metrics.NoiseRatio.Value, Tolerance);
    }

    [Fact]
    public void Brier_WorkedExample_SumsBothClasses()
    {
        // Each sample adds 2·(1 − p_i[y_i])²: 2·0.04, 2·0.04, 2·0.09, 2·0.09, 2·0.16
        // = 0.08 + 0.08 + 0.18 + 0.18 + 0.32 = 0.84, / 5 = 0.168.
        Assert.Equal(0.168, Metrics.Brier, Tolerance);
    }

    [Fact]
    public void Ece_WorkedExample_SumsThreeBins()
    {
        // Confidences [0.8, 0.8, 0.7, 0.7, 0.6]; 15·c = [12, 12, 10.5, 10.5, 9] gives bins
        // 12, 12, 10, 10, 9. Every bin's accuracy is 1, so
        // ECE = (1/5)·|1 − 0.6| + (2/5)·|1 − 0.7| + (2/5)·|1 − 0.8| = 0.08 + 0.12 + 0.08 = 0.28.
        Assert.Equal(0.28, Metrics.Ece, Tolerance);
    }

    [Fact]
    public void CalibrationBins_WorkedExample_HaveCountsAndMeans()
    {
        Assert.Equal(15, Metrics.CalibrationBins.Count);
        Assert.Equal(1, Metrics.CalibrationBins[9].Count);
        Assert.Equal(2, Metrics.CalibrationBins[10].Count);
        Assert.Equal(2, Metrics.CalibrationBins[12].Count);
        Assert.Equal(0.6, Metrics.CalibrationBins[9].MeanConfidence!.Value, Tolerance);
        Assert.Equal(0.7, Metrics.CalibrationBins[10].MeanConfidence!.Value, Tolerance);
        Assert.Equal(0.8, Metrics.CalibrationBins[12].MeanConfidence!.Value, Tolerance);
        Assert.Equal(1.0, Metrics.CalibrationBins[12].Accuracy);
        Assert.Equal(5, Metrics.CalibrationBins.Sum(bin => bin.Count));
        Assert.Null(Metrics.CalibrationBins[0].MeanConfidence);
        Assert.Null(Metrics.CalibrationBins[0].Accuracy);
        Assert.Equal(12, Metrics.CalibrationBins.Count(bin => bin.Count == 0));
    }

    [Fact]
    public void PerClass_WorkedExample_AllOne()
    {
        // Confusion matrix [[3, 0], [0, 2]], so each class is always predicted correctly.
        Assert.Equal([3, 0], Metrics.ConfusionMatrix[0]);
        Assert.Equal([0, 2], Metrics.ConfusionMatrix[1]);
        Assert.Equal(3, Metrics.PerClass[0].Support);
        Assert.Equal(2, Metrics.PerClass[1].Support);
        foreach (ClassMetrics figures in Metrics.PerClass)
        {
            Assert.Equal(1.0, figures.Accuracy);
            Assert.Equal(1.0, figures.Precision);
            Assert.Equal(1.0, figures.Recall);
        }
    }

    [Fact]
    public void Compute_FloatInput_MatchesDouble()
    {
        float[] probabilities = WorkedExample.Probabilities.Select(value => (float)value).ToArray();

        ClassificationMetrics fromFloat =
            MetricsCalculator.Compute<float>(probabilities, WorkedExample.ClassCount, WorkedExample.Labels);

        Assert.Equal(Metrics.Accuracy, fromFloat.Accuracy);
        Assert.Equal(Metrics.CrossEntropy, fromFloat.CrossEntropy, 1e-6);
        Assert.Equal(Metrics.Noise, fromFloat.Noise, 1e-6);
        Assert.Equal(Metrics.Ece, fromFloat.Ece, 1e-6);
    }

    [Fact]
    public void Compute_TwoDimensionalArray_MatchesRowMajorSpan()
    {
        var matrix = new double[5, 2];
        for (int i = 0; i < 5; i++)
        {
            matrix[i, 0] = WorkedExample.Probabilities[2 * i];
            matrix[i, 1] = WorkedExample.Probabilities[2 * i + 1];
        }

        ClassificationMetrics fromMatrix = MetricsCalculator.Compute(matrix, WorkedExample.Labels);

        Assert.Equal(Metrics.CrossEntropy, fromMatrix.CrossEntropy);
        Assert.Equal(Metrics.Brier, fromMatrix.Brier);
        Assert.Equal(Metrics.NoiseRatio, fromMatrix.NoiseRatio);
    }
}
