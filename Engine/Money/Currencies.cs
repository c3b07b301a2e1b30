using System.Collections.Frozen;

namespace PolicyEngine.Engine.Money;

/// <summary>
/// ISO 4217 currency codes in current use and the number of digits of each one's minor unit.
/// .NET has no such table (NumberFormatInfo is per culture, not per currency), so it is kept here.
/// </summary>
public static class Currencies
{
    private const string NoMinorUnit =
        "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";

    private const string ThreeDigits = "BHD IQD JOD KWD LYD OMR TND";

    private const string FourDigits = "CLF UYW";

    private const string TwoDigits =
        "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
        "CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL " +
        "GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR " +
        "LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD " +
        "PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC " +
        "SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG";

    private static readonly FrozenDictionary<string, int> MinorDigits = Build();

    /// <summary>Returns whether <paramref name="code"/> is a known ISO 4217 code (upper case).</summary>
    public static bool IsKnown(string? code) => code is not null && MinorDigits.ContainsKey(code);

    /// <summary>Returns the number of decimal digits of the currency's minor unit (2 for EUR, 0 for JPY).</summary>
    public static int MinorUnitDigits(string code) =>
        MinorDigits.TryGetValue(code, out var digits)
            ? digits
            : throw new ArgumentException($"'{code}' is not an ISO 4217 currency code.", nameof(code));

    /// <summary>Returns whether <paramref name="amount"/> has no more decimal places than <paramref name="code"/>'s minor unit.</summary>
    public static bool FitsMinorUnit(decimal amount, string code)
    {
        decimal scaled = amount;
        for (int i = 0; i < MinorUnitDigits(code); i++)
        {
            scaled *= 10;
        }

        return scaled == decimal.Truncate(scaled);
    }

    private static FrozenDictionary<string, int> Build()
    {
        var table = new Dictionary<string, int>(StringComparer.Ordinal);
        Add(table, NoMinorUnit, 0);
        Add(table, TwoDigits, 2);
        Add(table, ThreeDigits, 3);
        Add(table, FourDigits, 4);
        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void Add(Dictionary<string, int> table, string codes, int digits)
    {
        foreach (var code in codes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            table.Add(code, digits);
        }
    }
}
