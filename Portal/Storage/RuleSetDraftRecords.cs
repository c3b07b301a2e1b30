namespace PolicyEngine.Portal.Storage;

/// <summary>
/// One entry of the rule-set edit log: who changed which version, when, and what they did.
/// <see cref="Action"/> is one of <see cref="RuleSetEditActions"/>.
/// </summary>
public sealed record RuleSetEdit(
    long Id, string RuleSetName, int Version, string Action, string Detail, string Actor, DateTimeOffset At);

/// <summary>Values of <see cref="RuleSetEdit.Action"/>, as the database stores them.</summary>
public static class RuleSetEditActions
{
    public const string DraftCreated = "draft-created";
    public const string Saved = "saved";
    public const string ScenariosChanged = "scenarios-changed";
    public const string Published = "published";
    public const string Imported = "imported";
}

/// <summary>The scenarios file attached to one rule-set version, with who last changed it and when.</summary>
public sealed record AttachedScenarios(string Content, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>The outcome of a write to a draft that checks the row's state in the same transaction.</summary>
public enum DraftWriteResult
{
    Written,

    /// <summary>The version does not exist, or it is published and so frozen.</summary>
    NotDraft,

    /// <summary>The draft's text or scenarios changed after the caller checked them, so nothing was written.</summary>
    Changed,
}

/// <summary>The inputs of a stored decision that an impact preview decides again.</summary>
public sealed record DecisionInputs(
    long Sequence, string Id, string Reference, string? EvidenceId, string CaseJson, string ResultJson);
