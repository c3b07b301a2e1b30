using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyEngine.Engine.Apportionment;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Evidence;
using System.Linq.Dynamic.Core.Exceptions;
using System.Linq.Expressions;
using RulesEngine.ExpressionBuilders;
using RulesEngine.Models;

namespace PolicyEngine.Engine.Rules;

/// <summary>
/// Evaluates cases against rule sets with Microsoft RulesEngine and apportions the damage.
/// Compiled rule sets are cached by the SHA-256 of their text, so each version compiles once
/// per process. Thread-safe; register one instance per application.
/// </summary>
public sealed partial class LiabilityEngine
{
    public const string FactsParameter = "facts";
    public const string EvidenceParameter = "evidence";

    private readonly ConcurrentDictionary<string, Lazy<CompiledRuleSet>> _cache = new(StringComparer.Ordinal);
    private readonly ILogger<LiabilityEngine> _logger;

    public LiabilityEngine(ILogger<LiabilityEngine>? logger = null)
    {
        _logger = logger ?? NullLogger<LiabilityEngine>.Instance;
    }

    /// <summary>
    /// The settings every rule set runs with. RulesEngine's defaults would turn an expression
    /// that throws into a plain "false"; here the exception text is kept on the result (and
    /// <see cref="EvaluateAsync"/> reports it as an error), parse errors are reported per rule
    /// rather than thrown for the first one, and names are case-sensitive as in C#.
    /// </summary>
    public static ReSettings CreateSettings() => new()
    {
        EnableExceptionAsErrorMessage = true,
        EnableExceptionAsErrorMessageForRuleExpressionParsing = true,
        IgnoreException = false,
        EnableFormattedErrorMessage = false,
        EnableScopedParams = true,
        IsExpressionCaseSensitive = true,
        AutoExecuteActions = true,
        AutoRegisterInputType = true,
        // FastExpressionCompiler 5.0.2 emits invalid IL for a coalesce on a nullable decimal
        // (facts.Deployer.FaultPercent ?? 0) in an action; the framework's compiler handles it.
        UseFastExpressionCompiler = false,
        EnableParallelRuleCompilation = false,
        NestedRuleExecutionMode = NestedRuleExecutionMode.All,
        CustomTypes = [],
    };

    /// <summary>Number of distinct rule-set texts compiled so far.</summary>
    public int CachedRuleSetCount => _cache.Count;

    /// <summary>
    /// Parses and compiles <paramref name="json"/>, or returns the cached result for the same text.
    /// Throws <see cref="RuleSetException"/> listing every structural or compile error.
    /// </summary>
    public CompiledRuleSet Compile(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        string sha256 = RuleSetHash.Compute(json);
        var lazy = _cache.GetOrAdd(sha256, key => new Lazy<CompiledRuleSet>(() => CompileUncached(json, key)));
        try
        {
            return lazy.Value;
        }
        catch (RuleSetException)
        {
            // A rejected text is not cached, so that the error is reported again on the next call.
            _cache.TryRemove(new KeyValuePair<string, Lazy<CompiledRuleSet>>(sha256, lazy));
            throw;
        }
    }

    /// <summary>
    /// Evaluates every rule of <paramref name="ruleSet"/> over the case and its evidence, turns
    /// fired rules into findings and, when no rule failed, apportions the damage.
    /// </summary>
    public async Task<Evaluation> EvaluateAsync(
        CompiledRuleSet ruleSet, CaseFile caseFile, EvidenceFacts evidence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        ArgumentNullException.ThrowIfNull(caseFile);
        ArgumentNullException.ThrowIfNull(evidence);

        var results = await ExecuteAsync(ruleSet, caseFile, evidence, cancellationToken);
        var findings = new List<Finding>();
        var outcomes = new List<RuleOutcome>();
        var errors = new List<RuleError>();
        foreach (var result in results)
        {
            var metadata = ruleSet.MetadataByRule[result.Rule.RuleName];
            var (finding, error) = Interpret(metadata, result);
            if (error is not null)
            {
                errors.Add(new RuleError(metadata.RuleName, error));
            }
            else if (finding is not null)
            {
                findings.Add(finding);
            }

            outcomes.Add(new RuleOutcome(metadata.RuleName, finding is not null && error is null, error));
        }

        if (errors.Count > 0)
        {
            LogRuleErrors(ruleSet.Name, ruleSet.Sha256, caseFile.Reference, errors.Count);
            return new Evaluation(ruleSet.Name, ruleSet.Sha256, findings, outcomes, errors, null);
        }

        var apportionment = Apportioner.Apportion(caseFile.Damage, findings, caseFile.Causation.SharesDeterminable);
        return new Evaluation(ruleSet.Name, ruleSet.Sha256, findings, outcomes, errors, apportionment);
    }

    private CompiledRuleSet CompileUncached(string json, string sha256)
    {
        var document = RuleSetParser.Parse(json);
        var engine = new RulesEngine.RulesEngine([document.Workflow], CreateSettings());
        var compiled = new CompiledRuleSet(document, sha256, engine);

        // RulesEngine compiles lazily on first execution. Running once on an empty case forces
        // every expression through the compiler now, so that syntax and type errors surface
        // here rather than on the first real case.
        var probe = ExecuteAsync(compiled, ProbeCase, EvidenceFacts.None, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var problems = probe
            .Where(r => IsCompileError(r.ExceptionMessage))
            .Select(r => new RuleSetProblem(r.Rule.RuleName, RulePath(document, r.Rule.RuleName) + ".Expression", r.ExceptionMessage))
            .ToList();
        problems.AddRange(CheckWeightExpressions(document));
        if (problems.Count > 0)
        {
            LogCompileFailed(document.Name, sha256, problems.Count);
            throw new RuleSetException(problems);
        }

        LogCompiled(document.Name, sha256, document.Rules.Count);
        return compiled;
    }

    /// <summary>
    /// Type-checks weight expressions, which RulesEngine compiles only when their rule fires:
    /// each must read only facts and evidence and return a number.
    /// </summary>
    private static IEnumerable<RuleSetProblem> CheckWeightExpressions(RuleSetDocument document)
    {
        var parser = new RuleExpressionParser(CreateSettings());
        ParameterExpression[] parameters =
        [
            System.Linq.Expressions.Expression.Parameter(typeof(CaseFile), FactsParameter),
            System.Linq.Expressions.Expression.Parameter(typeof(EvidenceFacts), EvidenceParameter),
        ];
        foreach (var rule in document.Rules.Where(r => r.WeightExpression is not null))
        {
            string path = RulePath(document, rule.RuleName) + ".Properties.weight";
            Type? type = null;
            string? error = null;
            try
            {
                type = parser.Parse(rule.WeightExpression!, parameters, null).Type;
            }
            catch (Exception ex) when (ex is ParseException or InvalidOperationException or ArgumentException)
            {
                error = $"The weight expression `{rule.WeightExpression}` does not compile: {ex.Message}";
            }

            if (error is null && !IsNumeric(Nullable.GetUnderlyingType(type!) ?? type!))
            {
                error = $"The weight expression `{rule.WeightExpression}` returns {type!.Name}; it must return a number.";
            }

            if (error is not null)
            {
                yield return new RuleSetProblem(rule.RuleName, path, error);
            }
        }
    }

    private static bool IsNumeric(Type type) =>
        type == typeof(decimal) || type == typeof(double) || type == typeof(float) || type == typeof(int) || type == typeof(long);

    private static string RulePath(RuleSetDocument document, string ruleName)
    {
        int index = document.Rules.Select(r => r.RuleName).ToList().IndexOf(ruleName);
        return $"$.Rules[{index}]";
    }

    private static ValueTask<List<RuleResultTree>> ExecuteAsync(
        CompiledRuleSet ruleSet, CaseFile caseFile, EvidenceFacts evidence, CancellationToken cancellationToken) =>
        ruleSet.RulesEngine.ExecuteAllRulesAsync(
            ruleSet.Name,
            [new RuleParameter(FactsParameter, caseFile), new RuleParameter(EvidenceParameter, evidence)],
            cancellationToken);

    private static (Finding? Finding, string? Error) Interpret(RuleMetadata metadata, RuleResultTree result)
    {
        if (!string.IsNullOrEmpty(result.ExceptionMessage))
        {
            return (null, result.ExceptionMessage);
        }

        if (!result.IsSuccess)
        {
            return (null, null);
        }

        var (weight, weightError) = ReadWeight(metadata, result);
        if (weightError is not null)
        {
            return (null, weightError);
        }

        var finding = new Finding(
            metadata.RuleName, metadata.Party, metadata.Effect, metadata.Basis, weight, metadata.Citation, metadata.Description)
        {
            TransferFrom = metadata.TransferFrom,
        };
        return (finding, null);
    }

    private static (decimal? Weight, string? Error) ReadWeight(RuleMetadata metadata, RuleResultTree result)
    {
        if (metadata.WeightExpression is null)
        {
            return (metadata.FixedWeight, null);
        }

        if (result.ActionResult?.Exception is { } exception)
        {
            return (null, $"The weight expression '{metadata.WeightExpression}' failed: {exception.Message}");
        }

        object? output = result.ActionResult?.Output;
        if (output is null)
        {
            return (null, null);
        }

        decimal weight;
        try
        {
            weight = Convert.ToDecimal(output, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException)
        {
            return (null, $"The weight expression '{metadata.WeightExpression}' returned {output} ({output.GetType().Name}), not a number.");
        }

        return weight < 0
            ? (null, $"The weight expression '{metadata.WeightExpression}' returned {weight}; weights must be 0 or more.")
            : (weight, null);
    }

    private static bool IsCompileError(string? message) =>
        message is not null && message.Contains("parsing", StringComparison.OrdinalIgnoreCase);

    private static readonly CaseFile ProbeCase = new()
    {
        Reference = "compile-probe",
        EventDate = new DateOnly(2000, 1, 1),
        Damage = new Damage(0, "EUR", DamageKind.Property),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Compiled rule set {RuleSet} ({Sha256}) with {RuleCount} rules")]
    private partial void LogCompiled(string ruleSet, string sha256, int ruleCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule set {RuleSet} ({Sha256}) failed to compile: {ProblemCount} problem(s)")]
    private partial void LogCompileFailed(string ruleSet, string sha256, int problemCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule set {RuleSet} ({Sha256}) had {ErrorCount} rule error(s) on case {Reference}")]
    private partial void LogRuleErrors(string ruleSet, string sha256, string reference, int errorCount);
}
