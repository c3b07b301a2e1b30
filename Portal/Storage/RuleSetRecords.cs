using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Portal.Storage;

/// <summary>A rule set and its highest published version, or null when none is published yet.</summary>
public sealed record RuleSetSummary(
    string Name,
    string? Description,
    int? PublishedVersion,
    DateTimeOffset CreatedAt);

/// <summary>
/// One stored version of a rule set. <see cref="Status"/> is <c>draft</c> or <c>published</c>;
/// <see cref="Sha256"/> is the lowercase hex SHA-256 of the UTF-8 bytes of <see cref="Content"/>.
/// </summary>
public sealed record RuleSetVersion(
    string RuleSetName,
    int Version,
    string Status,
    string Content,
    string Sha256,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? PublishedAt,
    string? PublishedBy)
{
    /// <summary>The content's AppliesFrom, or null for a version stored before rule sets carried one.</summary>
    public DateOnly? AppliesFrom { get; init; }

    /// <summary>The content's AppliesUntil, or null when the version has no end date.</summary>
    public DateOnly? AppliesUntil { get; init; }

    /// <summary>The days on which the version applies, or null when it has no AppliesFrom.</summary>
    public ApplicationPeriod? Period => AppliesFrom is { } from ? new ApplicationPeriod(from, AppliesUntil) : null;
}

/// <summary>
/// One stored version of a rule set without its text, as version lists show it. The dates are
/// null for a version stored before rule sets carried AppliesFrom.
/// </summary>
public sealed record RuleSetVersionSummary(
    string RuleSetName,
    int Version,
    string Status,
    string Sha256,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt)
{
    public DateOnly? AppliesFrom { get; init; }

    public DateOnly? AppliesUntil { get; init; }

    public ApplicationPeriod? Period => AppliesFrom is { } from ? new ApplicationPeriod(from, AppliesUntil) : null;
}

/// <summary>Values of <see cref="RuleSetVersion.Status"/>, as the database stores them.</summary>
public static class RuleSetStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
}
