using System.Globalization;
using System.Text.Json;

namespace PolicyEngine.Portal.Pages.Decisions;

/// <summary>Formats the input values a rule read for the decision page.</summary>
public static class InputValues
{
    /// <summary>
    /// Returns the value as a reader expects it: text without quotes, numbers and booleans as JSON
    /// writes them, and "null" for an empty input. Stored decisions carry the values as JSON
    /// elements; fresh ones carry .NET values.
    /// </summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        JsonElement { ValueKind: JsonValueKind.String } text => text.GetString()!,
        JsonElement element => element.GetRawText(),
        bool flag => flag ? "true" : "false",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
