using System.Globalization;

namespace PolicyEngine.Ml.Data;

/// <summary>Formats counts for messages: invariant culture with thousands separators.</summary>
internal static class Counts
{
    /// <summary>Formats a count, e.g. <c>60,000</c>.</summary>
    public static string Format(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Formats a count with its noun, e.g. <c>1 image</c> or <c>60,000 images</c>.</summary>
    public static string Of(long count, string noun) =>
        count == 1 ? $"1 {noun}" : $"{Format(count)} {noun}s";
}
