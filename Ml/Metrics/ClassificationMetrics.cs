namespace PolicyEngine.Ml.Metrics;

/// <summary>
/// Metrics of a classifier on a test set, as docs/metrics.md defines them. Probabilities and
/// shares run from 0 to 1, and a metric that is undefined for the input is null, never 0.
/// </summary>
public sealed record ClassificationMetrics
{
    public required int SampleSize { get; init; }

    public required int ClassCount { get; init; }

    /// <summary>Share of samples whose argmax class, with ties to the lowest index, is the true class.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Lower bound of the 95% Wilson score interval of <see cref="Accuracy"/>.</summary>
    public required double AccuracyLower95 { get; init; }

    /// <summary>Upper bound of the 95% Wilson score interval of <see cref="Accuracy"/>.</summary>
    public required double AccuracyUpper95 { get; init; }

    /// <summary>Mean of -ln p[true class], with each probability clamped to [1e-12, 1] first.</summary>
    public required double CrossEntropy { get; init; }

    /// <summary>Mean of 1 - p[true class].</summary>
    public required double Gap { get; init; }

    /// <summary>Mean over classes of the population variance over samples of p[class].</summary>
    public required double Noise { get; init; }

    /// <summary>
    /// <see cref="Noise"/> divided by the same statistic of the one-hot labels, or null when every
    /// label is the same class, because that statistic is then 0.
    /// </summary>
    public required double? NoiseRatio { get; init; }

    /// <summary>Mean over samples of the sum over classes of (p[class] - onehot[class])².</summary>
    public required double Brier { get; init; }

    /// <summary>Expected calibration error over the 15 <see cref="CalibrationBins"/>.</summary>
    public required double Ece { get; init; }

    /// <summary>The 15 equal-width confidence bins, in order from [0, 1/15) to [14/15, 1].</summary>
    public required IReadOnlyList<CalibrationBin> CalibrationBins { get; init; }

    /// <summary>Figures for each class, in class order.</summary>
    public required IReadOnlyList<ClassMetrics> PerClass { get; init; }

    /// <summary>Sample counts indexed [true class][predicted class].</summary>
    public required IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix { get; init; }
}

/// <summary>
/// One confidence bin of the expected calibration error: samples whose confidence lies in
/// [<see cref="Lower"/>, <see cref="Upper"/>), or [14/15, 1] for the top bin.
/// </summary>
public sealed record CalibrationBin
{
    public required int Index { get; init; }

    public required double Lower { get; init; }

    public required double Upper { get; init; }

    public required int Count { get; init; }

    /// <summary>Mean confidence of the samples in the bin, or null when the bin is empty.</summary>
    public required double? MeanConfidence { get; init; }

    /// <summary>Share of the bin's samples that were classified correctly, or null when the bin is empty.</summary>
    public required double? Accuracy { get; init; }
}

/// <summary>Figures for one class. Each one is null when its denominator is 0.</summary>
public sealed record ClassMetrics
{
    public required int Class { get; init; }

    /// <summary>Number of samples whose true class is this class.</summary>
    public required int Support { get; init; }

    /// <summary>
    /// Share of this class's samples that were classified correctly, TP / support. It is the same
    /// number as <see cref="Recall"/>: docs/metrics.md defines per-class accuracy this way, not as
    /// the one-vs-rest (TP + TN) / N, which a large true-negative count would push towards 1.
    /// </summary>
    public required double? Accuracy { get; init; }

    /// <summary>TP / number of samples predicted as this class, or null when the class is never predicted.</summary>
    public required double? Precision { get; init; }

    /// <summary>TP / support, or null when the class has no samples.</summary>
    public required double? Recall { get; init; }

    /// <summary>
    /// Mean clamped cross-entropy over this class's samples, or null when the class has no samples.
    /// It matches ML.NET's per-class log-loss and is not part of the evidence record.
    /// </summary>
    public required double? CrossEntropy { get; init; }
}
