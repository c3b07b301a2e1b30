using System.Globalization;

namespace PolicyEngine.Portal.Localization;

/// <summary>The languages the portal is translated into, and the one it falls back to.</summary>
public static class PortalCultures
{
    public const string English = "en";
    public const string SimplifiedChinese = "zh-Hans";

    public static IReadOnlyList<string> Supported { get; } = [English, SimplifiedChinese];

    /// <summary>Returns the supported culture name matching <paramref name="name"/> (any letter case), or null.</summary>
    public static string? Parse(string? name) =>
        Supported.FirstOrDefault(c => string.Equals(c, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The language's own name, as a language menu shows it.</summary>
    public static string NativeName(string culture) => CultureInfo.GetCultureInfo(culture).NativeName;
}
