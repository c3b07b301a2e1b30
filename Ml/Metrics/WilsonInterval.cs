namespace PolicyEngine.Ml.Metrics;

/// <summary>The 95% Wilson score interval of a binomial proportion.</summary>
public static class WilsonInterval
{
    /// <summary>The 0.975 quantile of the standard normal distribution.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Computes the interval for <paramref name="proportion"/> observed on
    /// <paramref name="sampleSize"/> trials. The bounds are clamped to [0, 1], which only removes
    /// floating-point rounding, such as an upper bound of 1.0000000000000002 at proportion 1.
    /// </summary>
    public static (double Lower, double Upper) Compute95(double proportion, int sampleSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleSize);
        if (!(proportion >= 0 && proportion <= 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(proportion), proportion, "The proportion must lie in [0, 1].");
        }

        double n = sampleSize;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (proportion + z2 / (2 * n)) / denominator;
        double halfWidth = Z95 / denominator * Math.Sqrt(proportion * (1 - proportion) / n + z2 / (4 * n * n));

        // At 0 or 1 the exact bound equals the proportion, but rounding can land it a hair inside
        // (0.9999999999999999 for 10 of 10). Clamping keeps the proportion inside the interval.
        return (Math.Clamp(centre - halfWidth, 0, proportion), Math.Clamp(centre + halfWidth, proportion, 1));
    }
}
