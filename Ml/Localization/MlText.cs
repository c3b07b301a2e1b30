using System.Globalization;
using System.Resources;

namespace PolicyEngine.Ml.Localization;

/// <summary>
/// Translates the ML module's messages that reach the portal (why a predictions file was
/// rejected) into <see cref="CultureInfo.CurrentUICulture"/>. The key is the English text, so a
/// culture without a translation reads the key; translations are in
/// <c>Resources/MlMessages.{culture}.resx</c>, as for the engine's messages.
/// </summary>
public static class MlText
{
    private static readonly ResourceManager Messages =
        new("PolicyEngine.Ml.Resources.MlMessages", typeof(MlText).Assembly);

    /// <summary>Returns the translation of <paramref name="english"/>, or the English text itself when there is none.</summary>
    public static string Get(string english) =>
        Messages.GetString(english, CultureInfo.CurrentUICulture) ?? english;

    /// <summary>
    /// Translates the composite format string <paramref name="englishFormat"/> and fills in
    /// <paramref name="args"/> with the invariant culture, so numbers read the same in every language.
    /// </summary>
    public static string Format(string englishFormat, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(englishFormat), args);
}
