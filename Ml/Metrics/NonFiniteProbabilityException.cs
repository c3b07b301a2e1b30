using System.Globalization;

namespace PolicyEngine.Ml.Metrics;

/// <summary>
/// Thrown when a probability matrix contains NaN or infinite values. No metric is computed from
/// the remaining rows, so that a partly broken model output cannot pass as evidence.
/// </summary>
public sealed class NonFiniteProbabilityException : Exception
{
    /// <summary>Maximum number of samples that the message and <see cref="FirstBadSamples"/> list.</summary>
    public const int MaxListedSamples = 5;

    public NonFiniteProbabilityException(
        int badValueCount, int badSampleCount, IReadOnlyList<NonFiniteSample> firstBadSamples)
        : base(FormatMessage(badValueCount, badSampleCount, firstBadSamples))
    {
        BadValueCount = badValueCount;
        BadSampleCount = badSampleCount;
        FirstBadSamples = firstBadSamples;
    }

    /// <summary>Number of NaN or infinite values in the whole matrix.</summary>
    public int BadValueCount { get; }

    /// <summary>Number of samples (rows) with at least one NaN or infinite value.</summary>
    public int BadSampleCount { get; }

    /// <summary>The first bad samples in row order, at most <see cref="MaxListedSamples"/>.</summary>
    public IReadOnlyList<NonFiniteSample> FirstBadSamples { get; }

    private static string FormatMessage(
        int badValueCount, int badSampleCount, IReadOnlyList<NonFiniteSample> firstBadSamples)
    {
        string listed = string.Join(", ", firstBadSamples.Select(FormatSample));
        string values = badValueCount == 1 ? "1 NaN or infinite value" : $"{badValueCount} NaN or infinite values";
        string samples = badSampleCount == 1 ? "1 sample" : $"{badSampleCount} samples";
        string first = badSampleCount > firstBadSamples.Count
            ? $"The first {firstBadSamples.Count} are"
            : badSampleCount == 1 ? "It is" : "They are";

        return $"The probability matrix contains {values} in {samples}, so no metric was computed. " +
            $"{first}: {listed}. Samples are numbered from 0 in input order. Fix the model output that " +
            "produced them and evaluate again.";
    }

    private static string FormatSample(NonFiniteSample sample)
    {
        IEnumerable<string> values = sample.Values.Select(value => string.Create(
            CultureInfo.InvariantCulture, $"p[{value.Class}] = {value.Value}"));
        return $"sample {sample.Sample} ({string.Join(", ", values)})";
    }
}

/// <summary>A sample (row) of a probability matrix and its NaN or infinite values.</summary>
public sealed record NonFiniteSample(int Sample, IReadOnlyList<NonFiniteValue> Values);

/// <summary>A NaN or infinite probability and the class it was given for.</summary>
public sealed record NonFiniteValue(int Class, double Value);
