using System.Text.Json.Serialization;
using PolicyEngine.Ml.Metrics;

namespace PolicyEngine.Ml.Evidence;

/// <summary>
/// An evidence record as the Ml commands write it and the portal reads it. <see cref="EvidenceJson"/>
/// writes the members in camelCase, with null written for undefined metrics.
/// </summary>
public sealed record EvidenceRecord
{
    /// <summary>The only version of the record format so far.</summary>
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required EvidenceMetrics Metrics { get; init; }

    /// <summary>The same metrics for a simpler model on the same data, left out when there is none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EvidenceBaseline? Baseline { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EvidenceProvenance? Provenance { get; init; }
}

/// <summary>Metrics on the test set, as docs/metrics.md defines them.</summary>
public sealed record EvidenceMetrics
{
    public required int SampleSize { get; init; }

    public required int ClassCount { get; init; }

    public required double Accuracy { get; init; }

    public required double AccuracyLower95 { get; init; }

    public required double AccuracyUpper95 { get; init; }

    public required double CrossEntropy { get; init; }

    public required double Gap { get; init; }

    public required double Noise { get; init; }

    /// <summary>Null when every test label is the same class.</summary>
    public required double? NoiseRatio { get; init; }

    public required double Brier { get; init; }

    public required double Ece { get; init; }

    /// <summary>The 15 confidence bins of the ECE, for a reliability diagram.</summary>
    public required IReadOnlyList<EvidenceCalibrationBin> CalibrationBins { get; init; }

    public required IReadOnlyList<EvidenceClassMetrics> PerClass { get; init; }

    /// <summary>Sample counts indexed [true class][predicted class].</summary>
    public required IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix { get; init; }

    /// <summary>Copies the figures of <paramref name="metrics"/> that the evidence record carries.</summary>
    public static EvidenceMetrics From(ClassificationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);

        return new EvidenceMetrics
        {
            SampleSize = metrics.SampleSize,
            ClassCount = metrics.ClassCount,
            Accuracy = metrics.Accuracy,
            AccuracyLower95 = metrics.AccuracyLower95,
            AccuracyUpper95 = metrics.AccuracyUpper95,
            CrossEntropy = metrics.CrossEntropy,
            Gap = metrics.Gap,
            Noise = metrics.Noise,
            NoiseRatio = metrics.NoiseRatio,
            Brier = metrics.Brier,
            Ece = metrics.Ece,
            CalibrationBins = metrics.CalibrationBins.Select(bin => new EvidenceCalibrationBin
            {
                Index = bin.Index,
                Lower = bin.Lower,
                Upper = bin.Upper,
                Count = bin.Count,
                MeanConfidence = bin.MeanConfidence,
                Accuracy = bin.Accuracy,
            }).ToArray(),
            PerClass = metrics.PerClass.Select(figures => new EvidenceClassMetrics
            {
                Class = figures.Class,
                Support = figures.Support,
                Accuracy = figures.Accuracy,
                Precision = figures.Precision,
                Recall = figures.Recall,
            }).ToArray(),
            ConfusionMatrix = metrics.ConfusionMatrix.Select(row => (IReadOnlyList<int>)row.ToArray()).ToArray(),
        };
    }
}

/// <summary>One confidence bin. The mean confidence and accuracy are null when the bin is empty.</summary>
public sealed record EvidenceCalibrationBin
{
    public required int Index { get; init; }

    public required double Lower { get; init; }

    public required double Upper { get; init; }

    public required int Count { get; init; }

    public required double? MeanConfidence { get; init; }

    public required double? Accuracy { get; init; }
}

/// <summary>
/// Figures for one class. Accuracy and recall are null when the class has no test samples, and
/// precision is null when the model never predicts it.
/// </summary>
public sealed record EvidenceClassMetrics
{
    public required int Class { get; init; }

    public required int Support { get; init; }

    public required double? Accuracy { get; init; }

    public required double? Precision { get; init; }

    public required double? Recall { get; init; }
}

/// <summary>Metrics of a baseline model, to compare with the main model's.</summary>
public sealed record EvidenceBaseline
{
    /// <summary>Description of the baseline model, such as its trainer and settings.</summary>
    public required string Model { get; init; }

    public required EvidenceMetrics Metrics { get; init; }

    public static EvidenceBaseline From(string model, ClassificationMetrics metrics)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return new EvidenceBaseline { Model = model, Metrics = EvidenceMetrics.From(metrics) };
    }

    public static EvidenceBaseline From(BaselineResult baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return From(baseline.Model, baseline.Metrics);
    }
}
