using System.Numerics;

namespace PolicyEngine.Engine.Apportionment;

/// <summary>
/// Splits a whole number of units into integer parts proportional to integer weights, so that
/// the parts always sum to the total (the largest remainder or Hamilton method).
/// </summary>
public static class LargestRemainder
{
    /// <summary>
    /// Allocates <paramref name="totalUnits"/> in proportion to <paramref name="weights"/>, which
    /// must be non-negative with a positive sum. Part i first gets floor(total * w_i / sum). The
    /// units left over go one each to the parts with the largest remainders, ties to the lower
    /// index. The arithmetic is exact, so equal shares always tie.
    /// </summary>
    public static long[] Allocate(long totalUnits, IReadOnlyList<BigInteger> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalUnits);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Any(w => w.Sign < 0))
        {
            throw new ArgumentException("Weights must not be negative.", nameof(weights));
        }

        BigInteger sum = weights.Aggregate(BigInteger.Zero, (acc, w) => acc + w);
        if (sum.IsZero)
        {
            throw new ArgumentException("At least one weight must be positive.", nameof(weights));
        }

        var parts = new long[weights.Count];
        var remainders = new BigInteger[weights.Count];
        long allocated = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            var quotient = BigInteger.DivRem(totalUnits * weights[i], sum, out remainders[i]);
            parts[i] = (long)quotient;
            allocated += parts[i];
        }

        var order = Enumerable.Range(0, weights.Count)
            .OrderByDescending(i => remainders[i])
            .ThenBy(i => i)
            .Take((int)(totalUnits - allocated));
        foreach (int i in order)
        {
            parts[i]++;
        }

        return parts;
    }
}
