namespace PolicyEngine.Engine.Evidence;

/// <summary>
/// Measured evidence about the model under review, as the rules read it: the parameter named
/// <c>evidence</c> in every rule expression. Probabilities are from 0 to 1.
/// </summary>
public sealed record EvidenceFacts
{
    /// <summary>Evidence for a case that has none: rules must test <see cref="Available"/> first.</summary>
    public static EvidenceFacts None { get; } = new() { Available = false };

    /// <summary>Whether the case came with evidence; when false every metric is zero.</summary>
    public bool Available { get; init; } = true;

    /// <summary>Share of test samples whose most probable class is the true class.</summary>
    public double Accuracy { get; init; }

    /// <summary>Number of test samples the metrics were measured on.</summary>
    public int SampleSize { get; init; }

    /// <summary>Lower bound of the 95% Wilson score interval of <see cref="Accuracy"/>.</summary>
    public double AccuracyLower95 { get; init; }

    /// <summary>Upper bound of the 95% Wilson score interval of <see cref="Accuracy"/>.</summary>
    public double AccuracyUpper95 { get; init; }

    /// <summary>Mean of one minus the probability given to the true class.</summary>
    public double Gap { get; init; }

    /// <summary>Mean over classes of the variance over samples of the predicted probability.</summary>
    public double Noise { get; init; }

    /// <summary>Noise divided by the noise of the one-hot labels; null when all labels are one class.</summary>
    public double? NoiseRatio { get; init; }

    /// <summary>Expected calibration error over 15 equal-width confidence bins.</summary>
    public double Ece { get; init; }
}
