using System.Numerics;

namespace PolicyEngine.Engine.Apportionment;

/// <summary>Converts decimals to integers on a common power-of-ten scale, without rounding.</summary>
internal static class ExactDecimal
{
    /// <summary>Returns the number of decimal places <paramref name="value"/> is stored with (0 to 28).</summary>
    public static int Scale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    /// <summary>Returns <paramref name="value"/> * 10^<paramref name="scale"/>, exactly; <paramref name="scale"/> must be at least the value's own scale.</summary>
    public static BigInteger ToScaledInteger(decimal value, int scale)
    {
        int[] bits = decimal.GetBits(value);
        var mantissa = new BigInteger((uint)bits[0])
            | (new BigInteger((uint)bits[1]) << 32)
            | (new BigInteger((uint)bits[2]) << 64);
        int ownScale = Scale(value);
        if (scale < ownScale)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"The scale must be at least {ownScale}.");
        }

        var scaled = mantissa * BigInteger.Pow(10, scale - ownScale);
        return value < 0 ? -scaled : scaled;
    }
}
