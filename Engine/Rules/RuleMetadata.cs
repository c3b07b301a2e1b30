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
}
