using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyEngine.Engine.Localization;

namespace PolicyEngine.Engine.Rules;

public static partial class RuleSetParser
{
    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    private static partial Regex DatePattern();

    /// <summary>
    /// Reads <c>AppliesFrom</c> (required) and <c>AppliesUntil</c> (optional, not before
    /// AppliesFrom), each a calendar date written exactly as YYYY-MM-DD.
    /// </summary>
    private static (DateOnly? From, DateOnly? Until) ParseApplicationDates(JsonElement root, List<RuleSetProblem> problems)
    {
        var from = ParseDate(root, "AppliesFrom", problems);
        if (from is null && IsAbsent(root, "AppliesFrom"))
        {
            problems.Add(new(null, "$.AppliesFrom",
                EngineText.Get("AppliesFrom is missing: give the first day on which this version of the law applies to events, as YYYY-MM-DD.")));
        }

        var until = ParseDate(root, "AppliesUntil", problems);
        if (from is { } first && until is { } last && last < first)
        {
            problems.Add(new(null, "$.AppliesUntil",
                EngineText.Format(
                    "AppliesUntil {0} is before AppliesFrom {1}; "
                    + "give the last day on which this version applies, on or after AppliesFrom, or leave AppliesUntil out.",
                    ApplicationPeriod.Format(last), ApplicationPeriod.Format(first))));
        }

        return (from, until);
    }

    /// <summary>
    /// Returns the date in <paramref name="field"/>, or null when the field is absent, JSON null or
    /// invalid. Only an invalid value adds a problem.
    /// </summary>
    private static DateOnly? ParseDate(JsonElement root, string field, List<RuleSetProblem> problems)
    {
        if (IsAbsent(root, field))
        {
            return null;
        }

        var value = root.GetProperty(field);
        if (value.ValueKind == JsonValueKind.String
            && DatePattern().IsMatch(value.GetString()!)
            && DateOnly.TryParseExact(
                value.GetString(), ApplicationPeriod.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        string raw = value.GetRawText();
        string displayedValue = raw.Length <= 40 ? raw : raw[..40] + "...";
        problems.Add(new(null, $"$.{field}",
            EngineText.Format(
                "{0} {1} is not a valid date: write a real calendar date as a string in the form YYYY-MM-DD, such as \"2024-08-01\".",
                field, displayedValue)));
        return null;
    }

    private static bool IsAbsent(JsonElement owner, string field) =>
        !owner.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null;
}
