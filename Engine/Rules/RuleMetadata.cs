using PolicyEngine.Engine.Cases;

namespace PolicyEngine.Engine.Rules;

/// <summary>
/// What a rule's <c>Properties</c> declare: the finding it emits when it fires.
/// Either <see cref="FixedWeight"/> or <see cref="WeightExpression"/> is set, or neither when the
/// weight is unknown.
/// </summary>
public sealed record RuleMetadata(
    string RuleName,
    string Expression,
    Party Party,
    FindingEffect Effect,
    LegalBasis Basis,
    decimal? FixedWeight,
    string? WeightExpression,
    Citation Citation,
    string Description)
{
    /// <summary>For a transfer-role rule: the party whose role this rule's party takes over.</summary>
    public Party? TransferFrom { get; init; }

    /// <summary>The rule's condition: its expression, or its child rules.</summary>
    public RuleCondition Condition { get; init; } = new(RuleName, Expression, null, [], "$");

    public IReadOnlyList<NamedExpression> LocalParams { get; init; } = [];

    /// <summary>JSON path of the rule in its document, such as <c>$.Rules[2]</c>.</summary>
    public string Path { get; init; } = "$";
}
