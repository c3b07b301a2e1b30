using System.Numerics;

namespace PolicyEngine.Ml.Metrics;

/// <summary>Turns logits into probabilities for models whose last layer outputs logits.</summary>
public static class Softmax
{
    /// <summary>
    /// Writes softmax(<paramref name="logits"/>) to <paramref name="probabilities"/>, which may be
    /// the same span. The row maximum is subtracted before exponentiation, so large logits such as
    /// [1000, 1000, -1000] give [0.5, 0.5, 0] instead of overflowing to NaN. Exponentials and their
    /// sum are computed in double precision. A −∞ logit gets probability 0. A row with a NaN or +∞
    /// logit, or with only −∞ logits, comes out as NaN, which <see cref="MetricsCalculator"/> rejects.
    /// </summary>
    public static void FromLogits<T>(ReadOnlySpan<T> logits, Span<T> probabilities)
        where T : IFloatingPointIeee754<T>
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("At least one logit is needed.", nameof(logits));
        }

        if (probabilities.Length != logits.Length)
        {
            throw new ArgumentException(
                $"The output has {probabilities.Length} values but there are {logits.Length} logits.",
                nameof(probabilities));
        }

        double max = double.NegativeInfinity;
        foreach (T logit in logits)
        {
            max = Math.Max(max, double.CreateTruncating(logit));
        }

        Span<double> exponentials = logits.Length <= 256 ? stackalloc double[logits.Length] : new double[logits.Length];
        double sum = 0;
        for (int k = 0; k < logits.Length; k++)
        {
            exponentials[k] = Math.Exp(double.CreateTruncating(logits[k]) - max);
            sum += exponentials[k];
        }

        for (int k = 0; k < logits.Length; k++)
        {
            probabilities[k] = T.CreateTruncating(exponentials[k] / sum);
        }
    }

    /// <summary>
    /// Applies <see cref="FromLogits{T}(ReadOnlySpan{T}, Span{T})"/> to each row of an N x K matrix
    /// stored in row-major order.
    /// </summary>
    public static void FromLogitRows<T>(ReadOnlySpan<T> logits, int classCount, Span<T> probabilities)
        where T : IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (logits.Length % classCount != 0)
        {
            throw new ArgumentException(
                $"{logits.Length} logits do not split into rows of {classCount} classes.", nameof(logits));
        }

        if (probabilities.Length != logits.Length)
        {
            throw new ArgumentException(
                $"The output has {probabilities.Length} values but there are {logits.Length} logits.",
                nameof(probabilities));
        }

        for (int start = 0; start < logits.Length; start += classCount)
        {
            FromLogits(logits.Slice(start, classCount), probabilities.Slice(start, classCount));
        }
    }

    /// <summary>Returns softmax(<paramref name="logits"/>) as a new array.</summary>
    public static T[] FromLogits<T>(ReadOnlySpan<T> logits)
        where T : IFloatingPointIeee754<T>
    {
        var probabilities = new T[logits.Length];
        FromLogits(logits, probabilities);
        return probabilities;
    }
}
