using System.Globalization;
using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Localization;
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

/// <summary>
/// Checks the typed filters and turns them into a <see cref="DecisionFilter"/>. The days
/// <c>from</c> and <c>to</c> are calendar days in the signed-in user's time zone (UTC for API
/// keys and users without one), and messages are in the request's language.
/// </summary>
public sealed class DecisionFilterParser(IStringLocalizer<DecisionFilterParser> text, UserTime time)
{
    public const int MaxReferenceLength = 200;

    /// <summary>
    /// Parses <paramref name="query"/>. Returns the filter, or null with one message per invalid
    /// field in <paramref name="errors"/>, keyed by the query-string name.
    /// </summary>
    public DecisionFilter? Parse(DecisionFilterQuery query, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? ruleSet = Blank(query.RuleSet);
        if (ruleSet is not null && !RuleSets.ScenarioFiles.IsRuleSetName(ruleSet))
        {
            errors["ruleSet"] = [text[
                "'{0}' is not a rule-set name: use lowercase letters, digits and hyphens, starting with a letter, for example eu.",
                ruleSet]];
        }

        int? version = ParseVersion(Blank(query.Version), ruleSet, errors);
        string? party = Blank(query.Party);
        if (party is not null && !Parties.TryParse(party, out _))
        {
            errors["party"] = [text[
                "'{0}' is not a party: use one of {1}.", party, string.Join(", ", Parties.All.Select(p => p.ToName()))]];
        }

        DateOnly? from = ParseDay(Blank(query.From), "from", errors);
        DateOnly? to = ParseDay(Blank(query.To), "to", errors);
        if (from is not null && to is not null && to < from)
        {
            errors["to"] = [text[
                "The end date {0} is before the start date {1}; swap them or clear one.",
                ApplicationPeriod.Format(to.Value), ApplicationPeriod.Format(from.Value)]];
        }

        string? reference = Blank(query.Reference);
        if (reference is { Length: > MaxReferenceLength })
        {
            errors["reference"] = [text[
                "The reference text has {0} characters; search with at most {1}.", reference.Length, MaxReferenceLength]];
        }

        if (errors.Count > 0)
        {
            return null;
        }

        // The end day is included, so the range ends where the next day starts in the user's zone.
        return new DecisionFilter
        {
            RuleSetName = ruleSet,
            RuleSetVersion = version,
            Party = party,
            CreatedFrom = from is { } first ? time.StartOfDay(first) : null,
            CreatedBefore = to is { } last ? time.StartOfDay(last.AddDays(1)) : null,
            ReferenceContains = reference,
        };
    }

    private int? ParseVersion(string? input, string? ruleSet, Dictionary<string, string[]> errors)
    {
        if (input is null)
        {
            return null;
        }

        if (!int.TryParse(input, NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
        {
            errors["version"] = [text["'{0}' is not a version: use a whole number of 1 or more.", input]];
            return null;
        }

        if (ruleSet is null)
        {
            errors["version"] = [text["A version needs a rule set: choose the rule set as well."]];
            return null;
        }

        return version;
    }

    private DateOnly? ParseDay(string? input, string name, Dictionary<string, string[]> errors)
    {
        if (input is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(input, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            // Days at the ends of the calendar cannot be turned into instants in every zone, and no
            // decision is outside the years that cases may name.
            var earliest = CaseDocumentValidator.EarliestDate;
            var latest = CaseDocumentValidator.LatestDate;
            if (day >= earliest && day <= latest)
            {
                return day;
            }

            errors[name] = [text["{0} is outside {1} to {2}; check the year.",
                input, ApplicationPeriod.Format(earliest), ApplicationPeriod.Format(latest)]];
            return null;
        }

        errors[name] = [text["'{0}' is not a date: use YYYY-MM-DD, for example 2026-03-01.", input]];
        return null;
    }

    private static string? Blank(string? input) => string.IsNullOrWhiteSpace(input) ? null : input.Trim();
}
