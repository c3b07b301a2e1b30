using System.Linq.Expressions;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Evidence;
using PolicyEngine.Engine.Rules.Expressions;

namespace PolicyEngine.Engine.Rules.Tracing;

/// <summary>
/// How one rule's condition came out for one case: its result, the inputs it read (in the order
/// it read them) and the inputs it found null without checking for null. <see cref="Result"/> is
/// null when the expression threw; <see cref="Error"/> then contains the message.
/// </summary>
public sealed record ConditionTrace(
    string RuleName,
    bool? Result,
    IReadOnlyList<InputRead> Reads,
    IReadOnlyList<string> MissingInputs,
    IReadOnlyList<ConditionTrace> Children,
    string? Error);

/// <summary>An expression that failed the checks, with where it sits in the document.</summary>
internal sealed record RejectedExpression(string? RuleName, string Path, ExpressionProblem Problem);

/// <summary>
/// Checks every expression of a rule set against the rule language and keeps a traced copy of
/// each, which evaluates a case beside RulesEngine to tell which inputs each rule read.
/// </summary>
internal sealed class RuleSetTracer
{
    private readonly IReadOnlyList<RuleSetParameter> _parameters;
    private readonly IReadOnlyList<(string Name, TracedExpression Expression)> _globals;
    private readonly Dictionary<string, TracedRule> _rules;

    private RuleSetTracer(
        IReadOnlyList<RuleSetParameter> parameters,
        IReadOnlyList<(string, TracedExpression)> globals,
        Dictionary<string, TracedRule> rules)
    {
        _parameters = parameters;
        _globals = globals;
        _rules = rules;
    }

    /// <summary>Checks and traces every expression of <paramref name="document"/>; the tracer is null when any expression is rejected.</summary>
    public static (RuleSetTracer? Tracer, List<RejectedExpression> Rejected) Build(RuleSetDocument document)
    {
        var builder = new Builder();
        var scope = document.Parameters.Select(p => Expression.Parameter(p.ClrType, p.Name)).ToList();
        var globals = new List<(string, TracedExpression)>();
        foreach (var global in document.GlobalParams)
        {
            var traced = builder.Add(null, global.Path, global.Expression, scope, ExpectedResult.Any, out var type);
            scope.Add(Expression.Parameter(type ?? typeof(object), global.Name));
            if (traced is not null)
            {
                globals.Add((global.Name, traced));
            }
        }

        var rules = new Dictionary<string, TracedRule>(StringComparer.Ordinal);
        foreach (var rule in document.Rules)
        {
            var ruleScope = scope.ToList();
            var locals = new List<(string, TracedExpression)>();
            foreach (var local in rule.LocalParams)
            {
                var traced = builder.Add(rule.RuleName, local.Path, local.Expression, ruleScope, ExpectedResult.Any, out var type);
                ruleScope.Add(Expression.Parameter(type ?? typeof(object), local.Name));
                if (traced is not null)
                {
                    locals.Add((local.Name, traced));
                }
            }

            var condition = builder.AddCondition(rule.Condition, ruleScope);
            var weight = rule.WeightExpression is null
                ? null
                : builder.Add(rule.RuleName, $"{rule.Path}.Properties.weight", rule.WeightExpression, [], ExpectedResult.Number, out _);
            if (condition is not null)
            {
                rules[rule.RuleName] = new TracedRule(locals, condition, weight);
            }
        }

        return builder.Rejected.Count > 0 ? (null, builder.Rejected) : (new RuleSetTracer(document.Parameters, globals, rules), []);
    }

    /// <summary>Evaluates every rule's condition for one case, keyed by rule name.</summary>
    public IReadOnlyDictionary<string, ConditionTrace> Trace(CaseFile facts, EvidenceFacts evidence)
    {
        var scope = new List<ScopedValue>(_parameters.Count + _globals.Count);
        scope.AddRange(_parameters.Select(p => new ScopedValue(p.Name, p.Value, [], [])));
        foreach (var (name, expression) in _globals)
        {
            scope.Add(EvaluateScoped(name, expression, facts, evidence, scope));
        }

        var traces = new Dictionary<string, ConditionTrace>(StringComparer.Ordinal);
        foreach (var (ruleName, rule) in _rules)
        {
            var ruleScope = scope.ToList();
            foreach (var (name, expression) in rule.Locals)
            {
                ruleScope.Add(EvaluateScoped(name, expression, facts, evidence, ruleScope));
            }

            traces[ruleName] = TraceCondition(rule.Condition, facts, evidence, ruleScope);
        }

        return traces;
    }

    /// <summary>Returns what a fired rule's weight expression read; empty for a fixed weight.</summary>
    public IReadOnlyList<InputRead> TraceWeight(string ruleName, CaseFile facts, EvidenceFacts evidence)
    {
        if (!_rules.TryGetValue(ruleName, out var rule) || rule.Weight is null)
        {
            return [];
        }

        var recorder = new ReadRecorder([]);
        try
        {
            rule.Weight.Evaluate(facts, evidence, recorder);
        }
        catch (Exception ex) when (IsExpressionFailure(ex))
        {
            // RulesEngine reports the same failure as the rule's error; the reads up to it are still worth showing.
        }

        return recorder.Reads;
    }

    /// <summary>
    /// Whether an exception came from the expression itself (a bad argument, a null, an overflow),
    /// which RulesEngine reports as the rule's error too, rather than from the process.
    /// </summary>
    private static bool IsExpressionFailure(Exception ex) => ex is not (OutOfMemoryException or InsufficientExecutionStackException);

    private static ScopedValue EvaluateScoped(
        string name, TracedExpression expression, CaseFile facts, EvidenceFacts evidence, IReadOnlyList<ScopedValue> scope)
    {
        var recorder = new ReadRecorder(scope);
        object? value;
        try
        {
            value = expression.Evaluate(facts, evidence, recorder);
        }
        catch (Exception ex) when (IsExpressionFailure(ex))
        {
            value = null;
        }

        return new ScopedValue(name, value, recorder.Reads, recorder.MissingInputs);
    }

    private static ConditionTrace TraceCondition(TracedCondition condition, CaseFile facts, EvidenceFacts evidence, IReadOnlyList<ScopedValue> scope)
    {
        if (condition.Expression is { } expression)
        {
            var recorder = new ReadRecorder(scope);
            try
            {
                bool result = (bool)expression.Evaluate(facts, evidence, recorder)!;
                return new ConditionTrace(condition.RuleName, result, recorder.Reads, recorder.MissingInputs, [], null);
            }
            catch (Exception ex) when (IsExpressionFailure(ex))
            {
                return new ConditionTrace(condition.RuleName, null, recorder.Reads, recorder.MissingInputs, [], ex.Message);
            }
        }

        // RulesEngine evaluates every child rule (NestedRuleExecutionMode.All), and so does the trace.
        var children = condition.Children.Select(c => TraceCondition(c, facts, evidence, scope)).ToList();
        bool? combined = children.Any(c => c.Result is null)
            ? null
            : condition.Operator == "And" ? children.All(c => c.Result == true) : children.Any(c => c.Result == true);
        var reads = children.SelectMany(c => c.Reads).DistinctBy(r => r.Name).ToList();
        var missing = children.SelectMany(c => c.MissingInputs).Distinct().ToList();
        return new ConditionTrace(condition.RuleName, combined, reads, missing, children, children.FirstOrDefault(c => c.Error is not null)?.Error);
    }

    private sealed record TracedCondition(string RuleName, string? Operator, TracedExpression? Expression, IReadOnlyList<TracedCondition> Children);

    private sealed record TracedRule(IReadOnlyList<(string Name, TracedExpression Expression)> Locals, TracedCondition Condition, TracedExpression? Weight);

    private sealed class Builder
    {
        private static readonly ParameterExpression Facts = Expression.Parameter(typeof(CaseFile), LiabilityEngine.FactsParameter);
        private static readonly ParameterExpression Evidence = Expression.Parameter(typeof(EvidenceFacts), LiabilityEngine.EvidenceParameter);

        public List<RejectedExpression> Rejected { get; } = [];

        public TracedExpression? Add(
            string? ruleName, string path, string text, IReadOnlyList<ParameterExpression> scope, ExpectedResult expected, out Type? type)
        {
            List<ParameterExpression> parameters = [Facts, Evidence, .. scope];
            var (body, problems) = ExpressionChecker.Check(text, parameters, expected);
            Rejected.AddRange(problems.Select(p => new RejectedExpression(ruleName, path, p)));
            type = body?.Type;
            return body is null ? null : TracedExpression.Build(body, parameters);
        }

        public TracedCondition? AddCondition(RuleCondition condition, IReadOnlyList<ParameterExpression> scope)
        {
            if (condition.Expression is { } text)
            {
                var traced = Add(condition.RuleName, $"{condition.Path}.Expression", text, scope, ExpectedResult.Boolean, out _);
                return traced is null ? null : new TracedCondition(condition.RuleName, null, traced, []);
            }

            var children = condition.Children.Select(c => AddCondition(c, scope)).ToList();
            return children.Any(c => c is null)
                ? null
                : new TracedCondition(condition.RuleName, condition.Operator, null, children!);
        }
    }
}
