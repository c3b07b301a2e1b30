using PolicyEngine.Ml.Metrics;

namespace PolicyEngine.Ml.Tests.Metrics;

public sealed class EceBinningTests
{
    [Fact]
    public void Ece_ConfidenceExactlyOne_FallsInTopBin()
    {
        Assert.Equal(14, MetricsCalculator.CalibrationBinIndex(1.0));

        ClassificationMetrics metrics = MetricsCalculator.Compute<double>([1.0, 0.0], 2, [0]);

        Assert.Equal(1, metrics.CalibrationBins[14].Count);
        Assert.Equal(1.0, metrics.CalibrationBins[14].MeanConfidence);
        Assert.Equal(0.0, metrics.Ece);
    }

    [Fact]
    public void Ece_ConfidenceExactlyZero_FallsInBottomBin()
    {
        Assert.Equal(0, MetricsCalculator.CalibrationBinIndex(0.0));

        // Only a row that does not sum to 1 can have confidence 0. Compute uses rows as given.
        ClassificationMetrics metrics = MetricsCalculator.Compute<double>([0.0, 0.0], 2, [0]);

        Assert.Equal(1, metrics.CalibrationBins[0].Count);
        Assert.Equal(0.0, metrics.CalibrationBins[0].MeanConfidence);
    }

    [Fact]
    public void BinIndex_LowerEdge_FallsInThatBin()
    {
        for (int j = 0; j < 15; j++)
        {
            double edge = j / 15.0;
            Assert.True(MetricsCalculator.CalibrationBinIndex(edge) == j, $"j/15.0 for j = {j}");
        }
    }

    [Fact]
    public void BinIndex_BelowEdge_FallsInBinBelow()
    {
        for (int j = 1; j < 15; j++)
        {
            double belowEdge = Math.BitDecrement(j / 15.0);
            Assert.True(MetricsCalculator.CalibrationBinIndex(belowEdge) == j - 1, $"just below j/15.0 for j = {j}");
        }
    }

    [Fact]
    public void BinIndex_FloatLowerEdge_FallsInThatBin()
    {
        // A float model output equal to the float nearest j/15 lands in bin j as well.
        for (int j = 0; j < 15; j++)
        {
            float edge = (float)(j / 15.0);
            Assert.True(MetricsCalculator.CalibrationBinIndex(edge) == j, $"(float)(j/15.0) for j = {j}");
        }
    }

    [Fact]
    public void BinIndex_BelowOne_FallsInTopBin()
    {
        Assert.Equal(14, MetricsCalculator.CalibrationBinIndex(Math.BitDecrement(1.0)));
    }

    [Fact]
    public void BinIndex_NegativeConfidence_FallsInBottomBin()
    {
        Assert.Equal(0, MetricsCalculator.CalibrationBinIndex(-0.5));
    }

    [Fact]
    public void CalibrationBins_Edges_AreMultiplesOfOneFifteenth()
    {
        ClassificationMetrics metrics = MetricsCalculator.Compute<double>([0.5, 0.5], 2, [0]);

        for (int j = 0; j < 15; j++)
        {
            Assert.Equal(j, metrics.CalibrationBins[j].Index);
            Assert.Equal(j / 15.0, metrics.CalibrationBins[j].Lower);
            Assert.Equal((j + 1) / 15.0, metrics.CalibrationBins[j].Upper);
        }

        Assert.Equal(1.0, metrics.CalibrationBins[14].Upper);
    }

    [Fact]
    public void Ece_WrongPredictions_DiffersFromGap()
    {
        // Three samples: [0.9, 0.1] y=0 (right, bin 13), [0.9, 0.1] y=1 (wrong, bin 13),
        // [0.3, 0.7] y=1 (right, bin 10).
        // Bin 13: n=2, conf 0.9, acc 0.5, term (2/3)·0.4 = 0.266667.
        // Bin 10: n=1, conf 0.7, acc 1, term (1/3)·0.3 = 0.1. ECE = 0.366667 = 11/30.
        // Gap = (0.1 + 0.9 + 0.3) / 3 = 1.3/3 = 0.433333.
        ClassificationMetrics metrics = MetricsCalculator.Compute<double>([0.9, 0.1, 0.9, 0.1, 0.3, 0.7], 2, [0, 1, 1]);

        Assert.Equal(11.0 / 30.0, metrics.Ece, 1e-12);
        Assert.Equal(1.3 / 3.0, metrics.Gap, 1e-12);
        Assert.Equal(0.5, metrics.CalibrationBins[13].Accuracy);
    }
}
