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
/// published versions whose AppliesFrom to AppliesUntil contains that date.
/// </summary>
public sealed class RuleSetVersionSelector(RuleSetRepository ruleSets)
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
            return RuleSetVersionChoice.Invalid("ruleSet",
                $"No published version of rule set '{ruleSet}' has an AppliesFrom date, because all were stored before rule "
                + "sets carried one, so none can decide a case; publish a version that states AppliesFrom.");
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
            return RuleSetVersionChoice.Invalid("ruleSetVersion",
                $"Rule set '{ruleSet}' has no version {requested}; name a published version ({publishedNumbers}) {LeaveOutHint}.");
        }

        if (summary.Status != RuleSetStatus.Published)
        {
            return RuleSetVersionChoice.Invalid("ruleSetVersion",
                $"Version {requested} of rule set '{ruleSet}' is a draft, not published, so it cannot decide a case; "
                + $"name a published version ({publishedNumbers}) {LeaveOutHint}.");
        }

        if (summary.Period is not { } period)
        {
            return RuleSetVersionChoice.Invalid("ruleSetVersion",
                $"Version {requested} of rule set '{ruleSet}' has no AppliesFrom date, because it was stored before rule sets "
                + $"carried one, so it cannot decide a case; name a version that has one ({publishedNumbers}) {LeaveOutHint}.");
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
        string problem = $"Version {requested} of rule set '{ruleSet}' applies {period.Describe()}, "
            + $"which does not include the event date {day}";
        var inForce = await ruleSets.GetInForceAsync(ruleSet, eventDate, cancellationToken);
        return inForce is null
            ? $"{problem}, and no published version applies on that date; check the event date."
            : $"{problem}; name version {inForce.Version}, which applies on that date, {LeaveOutHint}.";
    }

    /// <summary>
    /// Explains, on <c>eventDate</c>, that no published version applies then and which days the
    /// versions cover. At least one published version has an AppliesFrom.
    /// </summary>
    private static RuleSetVersionChoice NoVersionInForce(
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
            coverage = $"the earliest applies from {ApplicationPeriod.Format(earliest)}";
        }
        else if (periods.All(p => p.Period.Until < eventDate))
        {
            coverage = $"the latest applies until {ApplicationPeriod.Format(periods.Max(p => p.Period.Until!.Value))}";
        }
        else
        {
            coverage = "the published versions apply "
                + string.Join(", ", periods.Select(p => $"{p.Period.Describe()} (version {p.Version})"));
        }

        return RuleSetVersionChoice.Invalid("eventDate",
            $"No published version of rule set '{ruleSet}' applies on {day}; {coverage}. "
            + "Check the event date, or choose a rule set that applies on it.");
    }

    private static RuleSetVersionChoice Chosen(RuleSetVersion version, ApplicationPeriod period, string selectedBy, string reason) =>
        new(version, new RuleSetSelectionDto(selectedBy, period.From, period.Until, reason), null);

    private async Task<string> UnknownRuleSetMessageAsync(string name, CancellationToken cancellationToken)
    {
        var available = (await ruleSets.ListAsync(cancellationToken))
            .Where(r => r.PublishedVersion is not null)
            .Select(r => r.Name);
        return $"No published rule set is named '{name}'; use one of: {string.Join(", ", available)}.";
    }
}
