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
    string? PublishedBy);

/// <summary>One stored version of a rule set without its text, as version lists show it.</summary>
public sealed record RuleSetVersionSummary(
    string RuleSetName,
    int Version,
    string Status,
    string Sha256,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt);

/// <summary>Values of <see cref="RuleSetVersion.Status"/>, as the database stores them.</summary>
public static class RuleSetStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
}
