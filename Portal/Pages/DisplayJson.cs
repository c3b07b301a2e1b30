using System.Text.Encodings.Web;
using System.Text.Json;

namespace PolicyEngine.Portal.Pages;

/// <summary>Indented JSON for display on portal pages.</summary>
internal static class DisplayJson
{
    /// <summary>
    /// Options whose relaxed encoder keeps characters such as ü, 東 and ' as they are instead of
    /// \u escapes. Razor HTML-encodes the text, so this is safe on a page.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The same encoding as <see cref="Options"/> on one line, for values shown in table cells.</summary>
    public static JsonSerializerOptions CompactOptions { get; } = new(Options) { WriteIndented = false };

    public static string Format(JsonElement value) => JsonSerializer.Serialize(value, Options);
}
