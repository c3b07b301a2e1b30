using System.Globalization;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Decisions;

/// <summary>
/// The decision-list filters as typed in the query string. Each is optional, and an empty or
/// blank value does not filter.
/// </summary>
public sealed record DecisionFilterQuery(
    string? RuleSet = null,
    string? Version = null,
    string? Party = null,
    string? From = null,
    string? To = null,
    string? Reference = null)
{
    /// <summary>Query-string names of the filters, which are also the keys of their errors.</summary>
    public static readonly IReadOnlyList<string> Names = ["ruleSet", "version", "party", "from", "to", "reference"];

    /// <summary>Returns the filters that are set as query-string pairs, for links that keep them.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToQuery()
    {
        string?[] values = [RuleSet, Version, Party, From, To, Reference];
        for (int index = 0; index < Names.Count; index++)
        {
            if (!string.IsNullOrWhiteSpace(values[index]))
            {
                yield return new(Names[index], values[index]!.Trim());
            }
        }
    }
}

/// <summary>Checks the typed filters and turns them into a <see cref="DecisionFilter"/>.</summary>
public static class DecisionFilterParser
{
    public const int MaxReferenceLength = 200;

    /// <summary>
    /// Parses <paramref name="query"/>. Returns the filter, or null with one message per invalid
    /// field in <paramref name="errors"/>, keyed by the query-string name.
    /// </summary>
    public static DecisionFilter? Parse(DecisionFilterQuery query, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? ruleSet = Blank(query.RuleSet);
        if (ruleSet is not null && !RuleSets.ScenarioFiles.IsRuleSetName(ruleSet))
        {
            errors["ruleSet"] = [$"'{ruleSet}' is not a rule-set name: use lowercase letters, digits and hyphens, starting with a letter, for example eu."];
        }

        int? version = ParseVersion(Blank(query.Version), ruleSet, errors);
        string? party = Blank(query.Party);
        if (party is not null && !Parties.TryParse(party, out _))
        {
            errors["party"] = [$"'{party}' is not a party: use one of {string.Join(", ", Parties.All.Select(p => p.ToName()))}."];
        }

        DateOnly? from = ParseDay(Blank(query.From), "from", errors);
        DateOnly? to = ParseDay(Blank(query.To), "to", errors);
        if (from is not null && to is not null && to < from)
        {
            errors["to"] = [$"The end date {to:yyyy-MM-dd} is before the start date {from:yyyy-MM-dd}; swap them or clear one."];
        }

        string? reference = Blank(query.Reference);
        if (reference is { Length: > MaxReferenceLength })
        {
            errors["reference"] = [$"The reference text has {reference.Length} characters; search with at most {MaxReferenceLength}."];
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new DecisionFilter
        {
            RuleSetName = ruleSet,
            RuleSetVersion = version,
            Party = party,
            From = from,
            To = to,
            ReferenceContains = reference,
        };
    }

    private static int? ParseVersion(string? text, string? ruleSet, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
        {
            errors["version"] = [$"'{text}' is not a version: use a whole number of 1 or more."];
            return null;
        }

        if (ruleSet is null)
        {
            errors["version"] = ["A version needs a rule set: choose the rule set as well."];
            return null;
        }

        return version;
    }

    private static DateOnly? ParseDay(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[name] = [$"'{text}' is not a date: use YYYY-MM-DD, for example 2026-03-01."];
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
