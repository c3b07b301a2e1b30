using System.Globalization;
using System.Resources;

namespace PolicyEngine.Engine.Localization;

/// <summary>
/// Translates the Engine's user-facing messages into <see cref="CultureInfo.CurrentUICulture"/>.
/// The key of each message is its English text, so a message without a translation, or a
/// culture without resources, reads exactly as the key. Translations are in
/// <c>Resources/EngineMessages.{culture}.resx</c>, and docs/localization.md describes how to add one.
/// </summary>
/// <remarks>
/// Look a message up when it is produced, never in a static field or a validator constructor,
/// because validators are singletons and one lookup would fix the language of the first request.
/// Messages that are stored with a decision stay English and must not come through here.
/// </remarks>
public static class EngineText
{
    private const string ResourceBaseName = "PolicyEngine.Engine.Resources.EngineMessages";

    private const string SchemaTextBaseName = "PolicyEngine.Engine.Resources.RuleSetSchemaText";

    private static readonly ResourceManager Messages = new(ResourceBaseName, typeof(EngineText).Assembly);

    private static readonly ResourceManager SchemaText = new(SchemaTextBaseName, typeof(EngineText).Assembly);

    /// <summary>Returns the translation of <paramref name="english"/>, or the English text itself when there is none.</summary>
    public static string Get(string english) =>
        Messages.GetString(english, CultureInfo.CurrentUICulture) ?? english;

    /// <summary>
    /// Translates the composite format string <paramref name="englishFormat"/> and fills in
    /// <paramref name="args"/>. Arguments are formatted with the invariant culture, so numbers and
    /// dates read the same in every language (1250.50, 2026-01-31).
    /// </summary>
    public static string Format(string englishFormat, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(englishFormat), args);

    /// <summary>
    /// Returns the translation of a description from <c>schemas/rule-set.schema.json</c>, which
    /// schema problems quote, or the English description when there is none. These keys come from
    /// the schema file, not from the sources, so they have a resource file of their own.
    /// </summary>
    public static string SchemaDescription(string english) =>
        SchemaText.GetString(english, CultureInfo.CurrentUICulture) ?? english;
}
