using System.Numerics;

namespace PolicyEngine.Ml.Metrics;

/// <summary>
/// Running sums of one pass over the samples, from which <see cref="ToMetrics"/> builds every
/// metric except noise, which needs the column means first.
/// </summary>
internal sealed class MetricsAccumulator
{
    private const int BinCount = MetricsCalculator.CalibrationBinCount;

    private readonly int classCount;
    private readonly int sampleSize;
    private readonly int[][] confusion;
    private readonly double[] perClassCrossEntropySums;
    private readonly int[] binCounts = new int[BinCount];
    private readonly int[] binCorrectCounts = new int[BinCount];
    private readonly double[] binConfidenceSums = new double[BinCount];
    private int correctCount;
    private double crossEntropySum;
    private double gapSum;
    private double brierSum;

    public MetricsAccumulator(int classCount, int sampleSize)
    {
        this.classCount = classCount;
        this.sampleSize = sampleSize;
        confusion = new int[classCount][];
        for (int k = 0; k < classCount; k++)
        {
            confusion[k] = new int[classCount];
        }

        perClassCrossEntropySums = new double[classCount];
        ColumnSums = new double[classCount];
    }

    /// <summary>Sum over samples of each class's probability, for the noise means.</summary>
    public double[] ColumnSums { get; }

    public void Add<T>(ReadOnlySpan<T> row, int label)
        where T : IFloatingPointIeee754<T>
    {
        int predicted = MetricsCalculator.Argmax(row);
        double confidence = double.CreateTruncating(row[predicted]);
        double trueProbability = double.CreateTruncating(row[label]);
        bool correct = predicted == label;

        double crossEntropy = -Math.Log(Math.Clamp(trueProbability, MetricsCalculator.MinProbability, 1));
        crossEntropySum += crossEntropy;
        perClassCrossEntropySums[label] += crossEntropy;
        gapSum += 1 - trueProbability;

        for (int k = 0; k < classCount; k++)
        {
            double probability = double.CreateTruncating(row[k]);
            double error = probability - (k == label ? 1 : 0);
            brierSum += error * error;
            ColumnSums[k] += probability;
        }

        confusion[label][predicted]++;
        if (correct)
        {
            correctCount++;
        }

        int bin = MetricsCalculator.CalibrationBinIndex(confidence);
        binCounts[bin]++;
        binConfidenceSums[bin] += confidence;
        if (correct)
        {
            binCorrectCounts[bin]++;
        }
    }

    public ClassificationMetrics ToMetrics(double noise)
    {
        double n = sampleSize;
        double accuracy = correctCount / n;
        (double lower, double upper) = WilsonInterval.Compute95(accuracy, sampleSize);
        IReadOnlyList<CalibrationBin> bins = BuildCalibrationBins();

        return new ClassificationMetrics
        {
            SampleSize = sampleSize,
            ClassCount = classCount,
            Accuracy = accuracy,
            AccuracyLower95 = lower,
            AccuracyUpper95 = upper,
            CrossEntropy = crossEntropySum / n,
            Gap = gapSum / n,
            Noise = noise,
            NoiseRatio = ComputeNoiseRatio(noise),
            Brier = brierSum / n,
            Ece = ComputeEce(bins),
            CalibrationBins = bins,
            PerClass = BuildPerClass(),
            ConfusionMatrix = confusion,
        };
    }

    /// <summary>
    /// Divides the noise by the label noise, (1/K) Σ π_k (1 − π_k), which is the noise of the
    /// one-hot labels. It is 0 exactly when one class has every label, and the ratio is then null.
    /// </summary>
    private double? ComputeNoiseRatio(double noise)
    {
        double labelNoiseSum = 0;
        for (int k = 0; k < classCount; k++)
        {
            int support = confusion[k].Sum();
            if (support == sampleSize)
            {
                return null;
            }

            double share = support / (double)sampleSize;
            labelNoiseSum += share * (1 - share);
        }

        return noise / (labelNoiseSum / classCount);
    }

    private IReadOnlyList<CalibrationBin> BuildCalibrationBins()
    {
        var bins = new CalibrationBin[BinCount];
        for (int j = 0; j < BinCount; j++)
        {
            int count = binCounts[j];
            bins[j] = new CalibrationBin
            {
                Index = j,
                Lower = j / (double)BinCount,
                Upper = (j + 1) / (double)BinCount,
                Count = count,
                MeanConfidence = count == 0 ? null : binConfidenceSums[j] / count,
                Accuracy = count == 0 ? null : binCorrectCounts[j] / (double)count,
            };
        }

        return bins;
    }

    private double ComputeEce(IReadOnlyList<CalibrationBin> bins)
    {
        double ece = 0;
        foreach (CalibrationBin bin in bins)
        {
            if (bin.Count > 0)
            {
                ece += bin.Count / (double)sampleSize * Math.Abs(bin.Accuracy!.Value - bin.MeanConfidence!.Value);
            }
        }

        return ece;
    }

    private IReadOnlyList<ClassMetrics> BuildPerClass()
    {
        var perClass = new ClassMetrics[classCount];
        for (int k = 0; k < classCount; k++)
        {
            int truePositives = confusion[k][k];
            int support = confusion[k].Sum();
            int predicted = 0;
            for (int t = 0; t < classCount; t++)
            {
                predicted += confusion[t][k];
            }

            double? recall = support == 0 ? null : truePositives / (double)support;
            perClass[k] = new ClassMetrics
            {
                Class = k,
                Support = support,
                Accuracy = recall,
                Precision = predicted == 0 ? null : truePositives / (double)predicted,
                Recall = recall,
                CrossEntropy = support == 0 ? null : perClassCrossEntropySums[k] / support,
            };
        }

        return perClass;
    }
}
