namespace PolicyEngine.Engine.Apportionment;

/// <summary>
/// Splits a whole number of units into integer parts proportional to given fractions, so that
/// the parts always sum to the total (the largest remainder or Hamilton method).
/// </summary>
public static class LargestRemainder
{
    private const int RemainderDigits = 12;

    /// <summary>
    /// Allocates <paramref name="totalUnits"/> in proportion to <paramref name="fractions"/>,
    /// which must be non-negative and sum to 1 (a tiny decimal rounding excess is tolerated).
    /// Each part first gets the floor of its exact share; the units left over go one each to
    /// the parts with the largest remainders, ties to the lower index.
    /// </summary>
    public static long[] Allocate(long totalUnits, IReadOnlyList<decimal> fractions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalUnits);
        if (fractions.Count == 0)
        {
            throw new ArgumentException("At least one fraction is needed.", nameof(fractions));
        }

        var parts = new long[fractions.Count];
        var remainders = new decimal[fractions.Count];
        long allocated = 0;
        for (int i = 0; i < fractions.Count; i++)
        {
            if (fractions[i] < 0)
            {
                throw new ArgumentException($"Fraction {i} is negative ({fractions[i]}).", nameof(fractions));
            }

            decimal exact = totalUnits * fractions[i];
            decimal floor = decimal.Floor(exact);
            parts[i] = (long)floor;
            // Rounding away the last digits keeps decimal division noise (1/3 stored as
            // 0.333...3) from breaking ties that are exact in rational arithmetic.
            remainders[i] = decimal.Round(exact - floor, RemainderDigits);
            allocated += parts[i];
        }

        long left = totalUnits - allocated;
        if (left < 0 || left > fractions.Count)
        {
            throw new ArgumentException(
                $"The fractions sum to {fractions.Sum()}, not 1, so {totalUnits} units cannot be split by them.",
                nameof(fractions));
        }

        var order = Enumerable.Range(0, fractions.Count)
            .OrderByDescending(i => remainders[i])
            .ThenBy(i => i)
            .Take((int)left);
        foreach (int i in order)
        {
            parts[i]++;
        }

        return parts;
    }
}
