using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// Converts values to and from the text that the database stores. Timestamps are ISO 8601 in
/// UTC in .NET's round-trip ("O") format, and amounts are decimals in invariant text, so that
/// nothing passes through SQLite's REAL type and loses digits.
/// </summary>
internal static class StorageFormat
{
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None).ToUniversalTime();

    public static DateTimeOffset? ParseOptionalTimestamp(string? text) =>
        text is null ? null : ParseTimestamp(text);

    /// <summary>Parses a YYYY-MM-DD date column. The schema's checks keep every stored date in that form.</summary>
    public static DateOnly? ParseOptionalDate(string? text) =>
        text is null
            ? null
            : DateOnly.ParseExact(text, Engine.Rules.ApplicationPeriod.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>Formats <paramref name="value"/> with its scale kept, so 1234.50 stays "1234.50".</summary>
    public static string FormatAmount(decimal value) =>
        value.ToString(CultureInfo.InvariantCulture);

    public static decimal ParseAmount(string text) =>
        decimal.Parse(
            text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    /// <summary>Returns the lowercase hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static bool IsSha256Hex(string? text) =>
        text is { Length: 64 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>
    /// Returns a new identifier: the prefix and a version 7 GUID as 32 lowercase hex digits. The
    /// GUID embeds <paramref name="createdAt"/>, so identifiers sort roughly by creation time.
    /// </summary>
    public static string NewId(string prefix, DateTimeOffset createdAt) =>
        prefix + Guid.CreateVersion7(createdAt).ToString("N");
}
