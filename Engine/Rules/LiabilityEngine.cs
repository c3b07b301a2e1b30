using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyEngine.Engine.Apportionment;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Evidence;
using PolicyEngine.Engine.Localization;
using PolicyEngine.Engine.Rules.Tracing;
using RulesEngine.Models;

namespace PolicyEngine.Engine.Rules;

/// <summary>
/// Evaluates cases against rule sets with Microsoft RulesEngine and apportions the damage.
/// Compiled rule sets are cached by the SHA-256 of their text, so a version in use compiles
/// once. The cache keeps at most a set number of texts and drops the least used ones first.
/// Thread-safe; register one instance per application.
/// </summary>
public sealed partial class LiabilityEngine
{
    public const string FactsParameter = "facts";
    public const string EvidenceParameter = "evidence";

    /// <summary>Compiled texts kept by default: every version of a few dozen rule sets, plus drafts being edited.</summary>
    public const int DefaultCacheCapacity = 256;

    private readonly MemoryCache _cache;
    private readonly ILogger<LiabilityEngine> _logger;

    public LiabilityEngine(ILogger<LiabilityEngine>? logger = null, int cacheCapacity = DefaultCacheCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cacheCapacity, 1);
        _logger = logger ?? NullLogger<LiabilityEngine>.Instance;
        // Each entry has size 1, so the size limit is a count. A text added while the cache is
        // full is compiled and returned but not kept, and the cache drops its least used entries.
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = cacheCapacity });
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

    /// <summary>Number of compiled rule-set texts in the cache.</summary>
    public int CachedRuleSetCount => _cache.Count;

    /// <summary>
    /// Parses and compiles <paramref name="json"/>, or returns the cached result for the same text.
    /// Throws <see cref="RuleSetException"/> listing every structural or compile error.
    /// </summary>
    public CompiledRuleSet Compile(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        string sha256 = RuleSetHash.Compute(json);
        var lazy = _cache.GetOrCreate(sha256, entry =>
        {
            entry.Size = 1;
            return new Lazy<CompiledRuleSet>(() => CompileUncached(json, sha256));
        })!;
        try
        {
            return lazy.Value;
        }
        catch (RuleSetException)
        {
            // A rejected text is not cached, so that the error is reported again on the next call.
            // NOTE: callers that compile the same rejected text at the same moment share one
            // exception, so they all see its problems in the UI culture of the first caller.
            _cache.Remove(sha256);
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
        var traces = ruleSet.Tracer.Trace(caseFile, evidence);
        var findings = new List<Finding>();
        var outcomes = new List<RuleOutcome>();
        var errors = new List<RuleError>();
        foreach (var result in results)
        {
            var metadata = ruleSet.MetadataByRule[result.Rule.RuleName];
            var trace = traces[metadata.RuleName];
            var (finding, error) = Interpret(metadata, result, trace);
            if (error is not null)
            {
                errors.Add(new RuleError(metadata.RuleName, error));
            }
            else if (finding is not null)
            {
                findings.Add(finding);
            }

            var reads = finding is null ? trace.Reads : trace.Reads.Concat(ruleSet.Tracer.TraceWeight(metadata.RuleName, caseFile, evidence)).DistinctBy(r => r.Name).ToList();
            outcomes.Add(ToOutcome(trace, error, finding is not null) with { Reads = reads });
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
        var (tracer, rejected) = RuleSetTracer.Build(document);
        if (tracer is null)
        {
            foreach (var attempt in rejected.Where(r => r.Problem.Forbidden))
            {
                LogForbiddenExpression(document.Name, sha256, attempt.RuleName ?? "(global)", attempt.Path);
            }

            LogCompileFailed(document.Name, sha256, rejected.Count);
            throw new RuleSetException(rejected.Select(r => new RuleSetProblem(r.RuleName, r.Path, r.Problem.Message)).ToList());
        }

        var engine = new RulesEngine.RulesEngine([document.Workflow], CreateSettings());
        var compiled = new CompiledRuleSet(document, sha256, engine, tracer);

        // RulesEngine compiles lazily on first execution. Running once on an empty case forces
        // every expression through its compiler now, so that anything it rejects beyond the
        // checks above surfaces here rather than on the first real case.
        List<RuleResultTree> probe;
        try
        {
            probe = ExecuteAsync(compiled, ProbeCase, EvidenceFacts.None, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCompileFailed(document.Name, sha256, 1);
            throw new RuleSetException([new RuleSetProblem(
                null, "$", EngineText.Format("RulesEngine failed to run the rule set on an empty case: {0}", ex.Message))]);
        }

        var problems = probe
            .Where(r => IsCompileError(r.ExceptionMessage))
            .Select(r => new RuleSetProblem(r.Rule.RuleName, compiled.MetadataByRule[r.Rule.RuleName].Path + ".Expression", r.ExceptionMessage))
            .ToList();
        if (problems.Count > 0)
        {
            LogCompileFailed(document.Name, sha256, problems.Count);
            throw new RuleSetException(problems);
        }

        LogCompiled(document.Name, sha256, document.Rules.Count);
        return compiled;
    }

    private static ValueTask<List<RuleResultTree>> ExecuteAsync(
        CompiledRuleSet ruleSet, CaseFile caseFile, EvidenceFacts evidence, CancellationToken cancellationToken) =>
        ruleSet.RulesEngine.ExecuteAllRulesAsync(
            ruleSet.Name,
            [new RuleParameter(FactsParameter, caseFile), new RuleParameter(EvidenceParameter, evidence)],
            cancellationToken);

    private static (Finding? Finding, string? Error) Interpret(RuleMetadata metadata, RuleResultTree result, ConditionTrace trace)
    {
        // A rule that read a missing input cannot be decided, whatever happened after the read:
        // `x.Value` on an empty x throws, and that is a gap in the case, not a broken rule.
        if (trace.MissingInputs.Count > 0)
        {
            return (null, null);
        }

        string? exception = FirstException(result);
        if (exception is not null)
        {
            return (null, exception);
        }

        if (trace.Result != result.IsSuccess)
        {
            return (null, $"The trace of the rule gave {trace.Result?.ToString() ?? trace.Error}, RulesEngine gave {result.IsSuccess}; the explanation would be wrong, so the case is not decided.");
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
        catch (OverflowException)
        {
            return (null, $"The weight expression '{metadata.WeightExpression}' returned {output}; weights must be from 0 to {RuleSetParser.MaxWeight:N0}.");
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException)
        {
            return (null, $"The weight expression '{metadata.WeightExpression}' returned {output} ({output.GetType().Name}), not a number.");
        }

        return weight is < 0 or > RuleSetParser.MaxWeight
            ? (null, $"The weight expression '{metadata.WeightExpression}' returned {weight}; weights must be from 0 to {RuleSetParser.MaxWeight:N0}.")
            : (weight, null);
    }

    /// <summary>Returns the first exception message of a rule or, for a rule made of child rules, of its children.</summary>
    private static string? FirstException(RuleResultTree result) =>
        !string.IsNullOrEmpty(result.ExceptionMessage)
            ? result.ExceptionMessage
            : result.ChildResults?.Select(FirstException).FirstOrDefault(m => m is not null);

    private static RuleOutcome ToOutcome(ConditionTrace trace, string? error, bool fired)
    {
        var status = error is not null ? RuleStatus.Error
            : trace.MissingInputs.Count > 0 ? RuleStatus.MissingInput
            : fired ? RuleStatus.Fired
            : RuleStatus.NotFired;
        return new RuleOutcome(trace.RuleName, status, error)
        {
            Reads = trace.Reads,
            MissingInputs = status == RuleStatus.MissingInput ? trace.MissingInputs : [],
            Children = trace.Children.Select(c => ToOutcome(c, c.Error, c.Result == true)).ToList(),
        };
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule set {RuleSet} ({Sha256}) rejected: rule {Rule} at {Path} reaches beyond the inputs")]
    private partial void LogForbiddenExpression(string ruleSet, string sha256, string rule, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule set {RuleSet} ({Sha256}) failed to compile: {ProblemCount} problem(s)")]
    private partial void LogCompileFailed(string ruleSet, string sha256, int problemCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule set {RuleSet} ({Sha256}) had {ErrorCount} rule error(s) on case {Reference}")]
    private partial void LogRuleErrors(string ruleSet, string sha256, string reference, int errorCount);
}
