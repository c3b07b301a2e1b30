namespace PolicyEngine.Engine.Evidence;

/// <summary>The Wilson score interval of a binomial proportion.</summary>
public static class WilsonInterval
{
    /// <summary>The two-sided 97.5% quantile of the standard normal distribution.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Computes the 95% interval for <paramref name="proportion"/> observed on
    /// <paramref name="sampleSize"/> trials.
    /// </summary>
    public static (double Lower, double Upper) Compute95(double proportion, int sampleSize)
    {
        if (sampleSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleSize), sampleSize, "The sample size must be positive.");
        }

        if (!(proportion >= 0 && proportion <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(proportion), proportion, "The proportion must lie in [0, 1].");
        }

        double n = sampleSize;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (proportion + z2 / (2 * n)) / denominator;
        double halfWidth = Z95 * Math.Sqrt(proportion * (1 - proportion) / n + z2 / (4 * n * n)) / denominator;

        // At 0 or 1 the exact bound equals the proportion, but rounding can land it a hair inside
        // (0.9999999999999999 for 10 of 10). Clamping keeps the proportion inside the interval.
        return (Math.Clamp(centre - halfWidth, 0, proportion), Math.Clamp(centre + halfWidth, proportion, 1));
    }
}
