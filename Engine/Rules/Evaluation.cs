using PolicyEngine.Engine.Rules.Tracing;

namespace PolicyEngine.Engine.Rules;

/// <summary>How a rule came out for one case.</summary>
public enum RuleStatus
{
    Fired,

    NotFired,

    /// <summary>The rule read a null input without checking for null, so it could not be decided; the decision is incomplete.</summary>
    MissingInput,

    /// <summary>The expression or the weight failed; nothing is apportioned.</summary>
    Error,
}

/// <summary>
/// One rule's outcome for one case, with the inputs it read in the order it read them. For a rule
/// that did not fire these are the values that made its condition false.
/// </summary>
public sealed record RuleOutcome(string RuleName, RuleStatus Status, string? Error)
{
    public bool Fired => Status == RuleStatus.Fired;

    public IReadOnlyList<InputRead> Reads { get; init; } = [];

    /// <summary>For <see cref="RuleStatus.MissingInput"/>: the inputs that were null, such as <c>facts.Developer.DeclaredAccuracy</c>.</summary>
    public IReadOnlyList<string> MissingInputs { get; init; } = [];

    /// <summary>The outcomes of child rules, for a rule whose condition is made of child rules.</summary>
    public IReadOnlyList<RuleOutcome> Children { get; init; } = [];
}

/// <summary>A rule whose expression or weight could not be evaluated; never a quiet "did not fire".</summary>
public sealed record RuleError(string RuleName, string Message);

/// <summary>
/// The result of evaluating a rule set over one case. <see cref="Apportionment"/> is null
/// exactly when <see cref="Errors"/> is not empty, because a split that ignores a failed rule
/// would misstate the law.
/// </summary>
public sealed record Evaluation(
    string RuleSetName,
    string RuleSetSha256,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<RuleOutcome> Outcomes,
    IReadOnlyList<RuleError> Errors,
    Apportionment.Apportionment? Apportionment)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Whether every rule could be decided; false when some rule lacked an input.</summary>
    public bool Complete => Outcomes.All(o => o.Status != RuleStatus.MissingInput);

    /// <summary>Every input some rule needed but the case left empty, in rule order.</summary>
    public IReadOnlyList<string> MissingInputs => Outcomes.SelectMany(o => o.MissingInputs).Distinct().ToList();
}
