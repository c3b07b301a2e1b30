using System.Globalization;
using System.Numerics;

namespace PolicyEngine.Ml.Metrics;

/// <summary>
/// Computes the evidence metrics of docs/metrics.md from predicted probabilities and true
/// labels. Every sum is accumulated in double precision in sample order, so the same input gives
/// bit-identical results.
/// </summary>
public static class MetricsCalculator
{
    /// <summary>Number of equal-width confidence bins of the expected calibration error.</summary>
    public const int CalibrationBinCount = 15;

    /// <summary>Lower clamp of the true-class probability in cross-entropy, so one 0 cannot make it infinite.</summary>
    public const double MinProbability = 1e-12;

    /// <summary>
    /// Computes the metrics of an N x K matrix whose row i is the predicted distribution of sample
    /// i. Any NaN or infinite value raises <see cref="NonFiniteProbabilityException"/>.
    /// </summary>
    public static ClassificationMetrics Compute<T>(T[,] probabilities, ReadOnlySpan<int> labels)
        where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(probabilities);

        int rows = probabilities.GetLength(0);
        int classCount = probabilities.GetLength(1);
        var flat = new T[probabilities.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int k = 0; k < classCount; k++)
            {
                flat[i * classCount + k] = probabilities[i, k];
            }
        }

        return Compute<T>(flat, classCount, labels);
    }

    /// <summary>
    /// Computes the metrics of N samples from <paramref name="probabilities"/>, N rows of
    /// <paramref name="classCount"/> values in row-major order, and <paramref name="labels"/>,
    /// N classes in 0..K-1. Any NaN or infinite value raises
    /// <see cref="NonFiniteProbabilityException"/>.
    /// </summary>
    /// <remarks>
    /// Rows are used as given: this method does not check that they lie in [0, 1] or sum to 1,
    /// because it also serves model outputs that are valid up to float rounding.
    /// <see cref="PredictionsCsv"/> enforces both for files.
    /// </remarks>
    public static ClassificationMetrics Compute<T>(
        ReadOnlySpan<T> probabilities, int classCount, ReadOnlySpan<int> labels)
        where T : IFloatingPointIeee754<T>
    {
        ValidateShape(probabilities.Length, classCount, labels);
        ThrowIfNonFinite(probabilities, classCount);

        var totals = new MetricsAccumulator(classCount, labels.Length);
        for (int i = 0; i < labels.Length; i++)
        {
            totals.Add(probabilities.Slice(i * classCount, classCount), labels[i]);
        }

        double noise = ComputeNoise(probabilities, classCount, totals.ColumnSums, labels.Length);
        return totals.ToMetrics(noise);
    }

    /// <summary>
    /// Returns the predicted class of one row: the index of its largest value, the lowest such
    /// index when several are equal.
    /// </summary>
    public static int Argmax<T>(ReadOnlySpan<T> row)
        where T : IFloatingPointIeee754<T>
    {
        int best = 0;
        for (int k = 1; k < row.Length; k++)
        {
            if (row[k] > row[best])
            {
                best = k;
            }
        }

        return best;
    }

    /// <summary>
    /// Returns the calibration bin, 0 to 14, of a confidence: min(floor(15 · c), 14). The
    /// confidence is multiplied by 15 rather than divided by the rounded width 1/15. In double
    /// arithmetic 15 · (j/15.0) is exactly j for every j from 0 to 15 (EceBinningTests check it),
    /// so a confidence equal to the lower edge j/15.0 lands in bin j. The clamp puts 1.0 into the
    /// top bin, and a confidence below 0, which only rows outside [0, 1] can have, into bin 0.
    /// </summary>
    public static int CalibrationBinIndex(double confidence)
    {
        double scaled = confidence * CalibrationBinCount;
        if (scaled <= 0)
        {
            return 0;
        }

        return (int)Math.Min(Math.Floor(scaled), CalibrationBinCount - 1);
    }

    /// <summary>Raises <see cref="NonFiniteProbabilityException"/> when any value is NaN or infinite.</summary>
    public static void ThrowIfNonFinite<T>(ReadOnlySpan<T> probabilities, int classCount)
        where T : IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);

        int badValueCount = 0;
        int badSampleCount = 0;
        var firstBadSamples = new List<NonFiniteSample>();
        int sampleCount = probabilities.Length / classCount;
        for (int i = 0; i < sampleCount; i++)
        {
            ReadOnlySpan<T> row = probabilities.Slice(i * classCount, classCount);
            List<NonFiniteValue>? badValues = null;
            for (int k = 0; k < classCount; k++)
            {
                if (!T.IsFinite(row[k]))
                {
                    badValueCount++;
                    badValues ??= [];
                    badValues.Add(new NonFiniteValue(k, double.CreateTruncating(row[k])));
                }
            }

            if (badValues is null)
            {
                continue;
            }

            badSampleCount++;
            if (firstBadSamples.Count < NonFiniteProbabilityException.MaxListedSamples)
            {
                firstBadSamples.Add(new NonFiniteSample(i, badValues));
            }
        }

        if (badValueCount > 0)
        {
            throw new NonFiniteProbabilityException(badValueCount, badSampleCount, firstBadSamples);
        }
    }

    private static void ValidateShape(int valueCount, int classCount, ReadOnlySpan<int> labels)
    {
        if (classCount < 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(classCount), classCount, "A classifier needs at least 2 classes.");
        }

        if (labels.IsEmpty)
        {
            throw new ArgumentException("At least one labelled sample is needed to compute metrics.", nameof(labels));
        }

        if ((long)labels.Length * classCount != valueCount)
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The probability matrix has {valueCount} values, but {labels.Length} labels " +
                    $"and {classCount} classes need {(long)labels.Length * classCount}."),
                "probabilities");
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || labels[i] >= classCount)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(labels),
                    labels[i],
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"Label {i} is {labels[i]}, outside the classes 0 to {classCount - 1}."));
            }
        }
    }

    /// <summary>Mean over classes of the population variance of each column, in two passes.</summary>
    private static double ComputeNoise<T>(
        ReadOnlySpan<T> probabilities, int classCount, double[] columnSums, int sampleCount)
        where T : IFloatingPointIeee754<T>
    {
        var means = new double[classCount];
        for (int k = 0; k < classCount; k++)
        {
            means[k] = columnSums[k] / sampleCount;
        }

        var squaredDeviationSums = new double[classCount];
        for (int i = 0; i < sampleCount; i++)
        {
            for (int k = 0; k < classCount; k++)
            {
                double deviation = double.CreateTruncating(probabilities[i * classCount + k]) - means[k];
                squaredDeviationSums[k] += deviation * deviation;
            }
        }

        double varianceSum = 0;
        for (int k = 0; k < classCount; k++)
        {
            varianceSum += squaredDeviationSums[k] / sampleCount;
        }

        return varianceSum / classCount;
    }
}
