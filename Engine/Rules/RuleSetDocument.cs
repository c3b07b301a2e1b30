using RulesEngine.Models;

namespace PolicyEngine.Engine.Rules;

/// <summary>
/// A parsed and checked rule set: the RulesEngine workflow to run and, for each rule, the
/// finding it emits.
/// </summary>
public sealed record RuleSetDocument(
    string Name,
    string? Description,
    Workflow Workflow,
    IReadOnlyList<RuleMetadata> Rules)
{
    /// <summary>Named constants such as thresholds, in document order.</summary>
    public IReadOnlyList<RuleSetParameter> Parameters { get; init; } = [];

    /// <summary>The document's own GlobalParams, without the parameters RulesEngine also receives as global params.</summary>
    public IReadOnlyList<NamedExpression> GlobalParams { get; init; } = [];

    /// <summary>First day on which this version of the law applies to events.</summary>
    public DateOnly AppliesFrom { get; init; }

    /// <summary>Last day, inclusive, on which this version applies, or null when it has no end date.</summary>
    public DateOnly? AppliesUntil { get; init; }

    public ApplicationPeriod Period => new(AppliesFrom, AppliesUntil);
}
