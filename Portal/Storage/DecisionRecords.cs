namespace PolicyEngine.Portal.Storage;

/// <summary>
/// A decision to append to the log. <see cref="CaseJson"/> and <see cref="ResultJson"/> are
/// stored verbatim and must be valid JSON; <see cref="RuleSetSha256"/> is the lowercase hex
/// SHA-256 of the rule-set version that was evaluated.
/// </summary>
public sealed record NewDecision(
    string Reference,
    string RuleSetName,
    int RuleSetVersion,
    string RuleSetSha256,
    string? EvidenceId,
    decimal DamageAmount,
    string Currency,
    string CaseJson,
    string ResultJson);

/// <summary>
/// A decision as stored: its place in the chain (<see cref="Sequence"/>, from 1 without gaps),
/// the content hash of the decision before it, and its own content hash.
/// </summary>
public sealed record StoredDecision(
    long Sequence,
    string Id,
    DateTimeOffset CreatedAt,
    string Reference,
    string RuleSetName,
    int RuleSetVersion,
    string RuleSetSha256,
    string? EvidenceId,
    decimal DamageAmount,
    string Currency,
    string CaseJson,
    string ResultJson,
    string PreviousHash,
    string ContentHash);

/// <summary>A decision in a list, without its case and result.</summary>
public sealed record DecisionSummary(
    long Sequence,
    string Id,
    DateTimeOffset CreatedAt,
    string Reference,
    string RuleSetName,
    int RuleSetVersion,
    decimal DamageAmount,
    string Currency);

/// <summary>
/// One page of decisions, newest first. <see cref="Page"/> counts from 1, and <see cref="Total"/>
/// counts all decisions.
/// </summary>
public sealed record DecisionPage(
    IReadOnlyList<DecisionSummary> Items,
    int Page,
    int PageSize,
    long Total);

/// <summary>
/// The outcome of walking the decision chain. <see cref="Checked"/> counts the rows read, including
/// the broken one; <see cref="FirstBrokenSequence"/> and <see cref="Problem"/> are null when the
/// chain is valid.
/// </summary>
public sealed record ChainVerification(
    bool Valid,
    long Checked,
    long? FirstBrokenSequence,
    string? Problem);
