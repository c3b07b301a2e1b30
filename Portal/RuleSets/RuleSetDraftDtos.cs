using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.RuleSets;

/// <summary>The body of a request that creates a draft: the version whose text and scenarios it starts with.</summary>
public sealed record CreateDraftRequest(int? FromVersion);

/// <summary>One version of a rule set with who created and published it. Dates are UTC.</summary>
public sealed record RuleSetVersionDetailDto(
    string Name,
    int Version,
    string Status,
    string Sha256,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? PublishedAt,
    string? PublishedBy,
    DateOnly? AppliesFrom,
    DateOnly? AppliesUntil)
{
    public static RuleSetVersionDetailDto From(RuleSetVersion version) => new(
        version.RuleSetName, version.Version, version.Status, version.Sha256, version.CreatedAt, version.CreatedBy,
        version.PublishedAt, version.PublishedBy, version.AppliesFrom, version.AppliesUntil);
}

/// <summary>
/// An impact preview job. <see cref="Status"/> is <c>queued</c>, <c>running</c>, <c>completed</c>
/// or <c>failed</c>; <see cref="Total"/> is null until the job has counted the decisions, and
/// <see cref="Result"/> is null until it completes.
/// </summary>
public sealed record ImpactJobDto(
    string Id, string RuleSetName, int Version, int BaselineVersion, string Status, int Done, int? Total,
    string? Error, ImpactResultDto? Result);

/// <summary>The finished preview: counts, and each decision whose outcome is not unchanged.</summary>
public sealed record ImpactResultDto(
    int Total, int Changed, int Unchanged, int Failed, int OutsidePeriod,
    IReadOnlyList<ImpactItemDto> Decisions, IReadOnlyList<PartyTotal> PartyTotals);

/// <summary>One decision of a preview. <see cref="Outcome"/> is <c>changed</c>, <c>failed</c> or <c>outside-period</c>.</summary>
public sealed record ImpactItemDto(
    string DecisionId, string Reference, string Currency, string Outcome, IReadOnlyList<PartyChange> Changes, string? Message);

public static class ImpactJobMapper
{
    public static ImpactJobDto ToDto(ImpactPreviewJob job)
    {
        var result = job.Result is { } preview
            ? new ImpactResultDto(
                preview.Total, preview.ChangedCount, preview.UnchangedCount, preview.FailedCount, preview.OutsidePeriodCount,
                preview.Items.Select(i => new ImpactItemDto(i.DecisionId, i.Reference, i.Currency, OutcomeName(i.Outcome), i.Changes, i.Message)).ToList(),
                preview.PartyTotals)
            : null;
        return new ImpactJobDto(
            job.Id, job.Plan.Draft.RuleSetName, job.Plan.Draft.Version, job.Plan.Baseline.Version,
            job.Status.ToString().ToLowerInvariant(), job.Done, job.Total, job.Error, result);
    }

    private static string OutcomeName(ImpactOutcome outcome) => outcome switch
    {
        ImpactOutcome.Changed => "changed",
        ImpactOutcome.Failed => "failed",
        ImpactOutcome.OutsidePeriod => "outside-period",
        _ => "unchanged",
    };
}
