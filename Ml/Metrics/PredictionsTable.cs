namespace PolicyEngine.Ml.Metrics;

/// <summary>The validated content of a predictions CSV file.</summary>
public sealed record PredictionsTable
{
    /// <summary>Name of the file, as the caller gave it.</summary>
    public required string FileName { get; init; }

    /// <summary>SHA-256 of the file's bytes, as 64 lower-case hex digits.</summary>
    public required string Sha256 { get; init; }

    public required int ClassCount { get; init; }

    /// <summary>True class of each sample, in file order.</summary>
    public required int[] Labels { get; init; }

    /// <summary>Predicted probabilities, <see cref="ClassCount"/> per sample, in row-major order.</summary>
    public required double[] Probabilities { get; init; }

    public int SampleCount => Labels.Length;

    /// <summary>Computes the metrics of these predictions.</summary>
    public ClassificationMetrics ComputeMetrics() =>
        MetricsCalculator.Compute<double>(Probabilities, ClassCount, Labels);
}
