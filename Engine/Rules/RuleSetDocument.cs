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
    IReadOnlyList<RuleMetadata> Rules);
