namespace PolicyEngine.Engine.Rules;

/// <summary>One rule's outcome for one case: fired, did not fire, or failed with an error.</summary>
public sealed record RuleOutcome(string RuleName, bool Fired, string? Error);

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
}
