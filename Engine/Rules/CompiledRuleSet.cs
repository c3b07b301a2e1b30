namespace PolicyEngine.Engine.Rules;

/// <summary>
/// A rule set whose expressions have been compiled by RulesEngine, ready to evaluate cases.
/// Instances are shared and immutable; <see cref="LiabilityEngine"/> keeps one per content hash.
/// </summary>
public sealed class CompiledRuleSet
{
    internal CompiledRuleSet(RuleSetDocument document, string sha256, RulesEngine.RulesEngine rulesEngine, Tracing.RuleSetTracer tracer)
    {
        Tracer = tracer;
        Document = document;
        Sha256 = sha256;
        RulesEngine = rulesEngine;
        MetadataByRule = document.Rules.ToDictionary(r => r.RuleName, StringComparer.Ordinal);
    }

    public string Name => Document.Name;

    /// <summary>Lower-case hex SHA-256 of the document text the rule set was compiled from.</summary>
    public string Sha256 { get; }

    public RuleSetDocument Document { get; }

    internal RulesEngine.RulesEngine RulesEngine { get; }

    internal IReadOnlyDictionary<string, RuleMetadata> MetadataByRule { get; }

    internal Tracing.RuleSetTracer Tracer { get; }
}
