using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Decisions;

/// <summary>
/// The rule-set version chosen for a case with the reason to record, or the field errors that
/// explain why no version can decide it. Exactly one of <see cref="Version"/> and
/// <see cref="Errors"/> is set.
/// </summary>
public sealed record RuleSetVersionChoice(
    RuleSetVersion? Version,
    RuleSetSelectionDto? Selection,
    IReadOnlyDictionary<string, string[]>? Errors)
{
    public static RuleSetVersionChoice Invalid(string field, string message) =>
        new(null, null, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// Chooses the rule-set version that decides a case. A version the case names in
/// <c>ruleSetVersion</c> must be published and apply on the event date. Otherwise the case gets
/// the published version in force on the event date: the highest version number among the
/// published versions whose AppliesFrom to AppliesUntil contains that date. Error messages are in
/// the request's language; the recorded reason is English, because it is part of the hashed decision.
/// </summary>
public sealed class RuleSetVersionSelector(RuleSetRepository ruleSets, IStringLocalizer text)
{
    private const string LeaveOutHint = "or leave the rule-set version out to use the one in force on the event date";

    public async Task<RuleSetVersionChoice> SelectAsync(
        string ruleSet, int? requestedVersion, DateOnly eventDate, CancellationToken cancellationToken)
    {
        var versions = await ruleSets.ListVersionsAsync(ruleSet, cancellationToken);
        var published = versions.Where(v => v.Status == RuleSetStatus.Published).ToList();
        if (published.Count == 0)
        {
            return RuleSetVersionChoice.Invalid("ruleSet", await UnknownRuleSetMessageAsync(ruleSet, cancellationToken));
        }

        if (published.All(v => v.Period is null))
        {
            return RuleSetVersionChoice.Invalid("ruleSet", text[
                "No published version of rule set '{0}' has an AppliesFrom date, because all were stored before rule "
                + "sets carried one, so none can decide a case; publish a version that states AppliesFrom.", ruleSet]);
        }

        return requestedVersion is { } requested
            ? await SelectRequestedAsync(ruleSet, requested, eventDate, versions, cancellationToken)
            : await SelectInForceAsync(ruleSet, eventDate, published, cancellationToken);
    }

    private async Task<RuleSetVersionChoice> SelectInForceAsync(
        string ruleSet, DateOnly eventDate, IReadOnlyList<RuleSetVersionSummary> published, CancellationToken cancellationToken)
    {
        var version = await ruleSets.GetInForceAsync(ruleSet, eventDate, cancellationToken);
        if (version?.Period is not { } period)
        {
            return NoVersionInForce(ruleSet, eventDate, published);
        }

        string reason = $"Version {version.Version} is the highest published version in force on the event date "
            + $"{ApplicationPeriod.Format(eventDate)}: it applies {period.Describe()}.";
        return Chosen(version, period, RuleSetSelectionDto.ByEventDate, reason);
    }

    private async Task<RuleSetVersionChoice> SelectRequestedAsync(
        string ruleSet,
        int requested,
        DateOnly eventDate,
        IReadOnlyList<RuleSetVersionSummary> versions,
        CancellationToken cancellationToken)
    {
        string publishedNumbers = string.Join(", ", versions
            .Where(v => v.Status == RuleSetStatus.Published && v.Period is not null)
            .Select(v => v.Version));
        var summary = versions.FirstOrDefault(v => v.Version == requested);
        if (summary is null)
        {
            return RuleSetVersionChoice.Invalid("ruleSetVersion", text[
                "Rule set '{0}' has no version {1}; name a published version ({2}) {3}.",
                ruleSet, requested, publishedNumbers, text[LeaveOutHint]]);
        }

        if (summary.Status != RuleSetStatus.Published)
        {
            return RuleSetVersionChoice.Invalid("ruleSetVersion", text[
                "Version {0} of rule set '{1}' is a draft, not published, so it cannot decide a case; "
                + "name a published version ({2}) {3}.",
                requested, ruleSet, publishedNumbers, text[LeaveOutHint]]);
        }

        if (summary.Period is not { } period)
        {
            return RuleSetVersionChoice.Invalid("ruleSetVersion", text[
                "Version {0} of rule set '{1}' has no AppliesFrom date, because it was stored before rule sets "
                + "carried one, so it cannot decide a case; name a version that has one ({2}) {3}.",
                requested, ruleSet, publishedNumbers, text[LeaveOutHint]]);
        }

        if (!period.Contains(eventDate))
        {
            return RuleSetVersionChoice.Invalid("ruleSetVersion",
                await OutOfPeriodMessageAsync(ruleSet, requested, period, eventDate, cancellationToken));
        }

        var version = await ruleSets.GetVersionAsync(ruleSet, requested, cancellationToken)
            ?? throw new InvalidOperationException($"Version {requested} of rule set '{ruleSet}' was listed but could not be read.");
        string reason = $"Version {requested} was named by the case; it applies {period.Describe()}, "
            + $"which includes the event date {ApplicationPeriod.Format(eventDate)}.";
        return Chosen(version, period, RuleSetSelectionDto.ByCase, reason);
    }

    private async Task<string> OutOfPeriodMessageAsync(
        string ruleSet, int requested, ApplicationPeriod period, DateOnly eventDate, CancellationToken cancellationToken)
    {
        string day = ApplicationPeriod.Format(eventDate);
        var inForce = await ruleSets.GetInForceAsync(ruleSet, eventDate, cancellationToken);
        return inForce is null
            ? text[
                "Version {0} of rule set '{1}' applies {2}, which does not include the event date {3}, "
                + "and no published version applies on that date; check the event date.",
                requested, ruleSet, Describe(period), day]
            : text[
                "Version {0} of rule set '{1}' applies {2}, which does not include the event date {3}; "
                + "name version {4}, which applies on that date, {5}.",
                requested, ruleSet, Describe(period), day, inForce.Version, text[LeaveOutHint]];
    }

    /// <summary>
    /// Explains, on <c>eventDate</c>, that no published version applies then and which days the
    /// versions cover. At least one published version has an AppliesFrom.
    /// </summary>
    private RuleSetVersionChoice NoVersionInForce(
        string ruleSet, DateOnly eventDate, IReadOnlyList<RuleSetVersionSummary> published)
    {
        var periods = published
            .Where(v => v.Period is not null)
            .Select(v => (v.Version, Period: v.Period!.Value))
            .ToList();
        string day = ApplicationPeriod.Format(eventDate);
        var earliest = periods.Min(p => p.Period.From);
        string coverage;
        if (eventDate < earliest)
        {
            coverage = text["the earliest applies from {0}", ApplicationPeriod.Format(earliest)];
        }
        else if (periods.All(p => p.Period.Until < eventDate))
        {
            coverage = text["the latest applies until {0}", ApplicationPeriod.Format(periods.Max(p => p.Period.Until!.Value))];
        }
        else
        {
            coverage = text["the published versions apply {0}", string.Join(
                text[", "], periods.Select(p => text["{0} (version {1})", Describe(p.Period), p.Version].Value))];
        }

        return RuleSetVersionChoice.Invalid("eventDate", text[
            "No published version of rule set '{0}' applies on {1}; {2}. "
            + "Check the event date, or choose a rule set that applies on it.", ruleSet, day, coverage]);
    }

    private static RuleSetVersionChoice Chosen(RuleSetVersion version, ApplicationPeriod period, string selectedBy, string reason) =>
        new(version, new RuleSetSelectionDto(selectedBy, period.From, period.Until, reason), null);

    private async Task<string> UnknownRuleSetMessageAsync(string name, CancellationToken cancellationToken)
    {
        var available = (await ruleSets.ListAsync(cancellationToken))
            .Where(r => r.PublishedVersion is not null)
            .Select(r => r.Name);
        return text["No published rule set is named '{0}'; use one of: {1}.", name, string.Join(", ", available)];
    }

    /// <summary>Describes a period for messages in the request's language, as <see cref="ApplicationPeriod.Describe"/> does in English.</summary>
    private string Describe(ApplicationPeriod period) => period.Until is { } until
        ? text["from {0} until {1}", ApplicationPeriod.Format(period.From), ApplicationPeriod.Format(until)]
        : text["from {0} with no end date", ApplicationPeriod.Format(period.From)];
}
