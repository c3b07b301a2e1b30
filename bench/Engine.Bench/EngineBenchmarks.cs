using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Evidence;
using PolicyEngine.Engine.Rules;
using RulesEngine.Models;

namespace PolicyEngine.Engine.Bench;

/// <summary>
/// Measures what <see cref="LiabilityEngine"/> adds to a bare Microsoft RulesEngine run of the
/// same workflow on the same case. The bare run is the baseline, so the Ratio column shows the
/// engine's overhead: findings, apportionment and, in <see cref="Engine"/>, the cache lookup.
/// </summary>
// Not sealed: BenchmarkDotNet rejects sealed benchmark classes.
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const string CasePath = "samples/cases/hospital-triage-missed-accuracy.json";
    private const string RuleSetPath = "RuleSets/eu.json";

    private readonly LiabilityEngine _liabilityEngine = new();
    private string _ruleSetJson = "";
    private string _workflowName = "";
    private CaseFile _caseFile = null!;
    private EvidenceFacts _evidence = null!;
    private CompiledRuleSet _compiledRuleSet = null!;
    private RulesEngine.RulesEngine _rulesEngine = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The project copies these files next to the binary. Under --inProcess the working
        // directory is wherever the command was started, so relative paths would miss them.
        string caseJson = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, CasePath));
        var document = JsonSerializer.Deserialize<CaseDocument>(caseJson, EngineJson.Options)
            ?? throw new InvalidOperationException($"{CasePath} contains null instead of a case.");
        _caseFile = document.ToCaseFile();
        _evidence = document.Evidence.ToEvidenceFacts();

        _ruleSetJson = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, RuleSetPath));
        _compiledRuleSet = _liabilityEngine.Compile(_ruleSetJson);

        var workflow = RuleSetParser.Parse(_ruleSetJson).Workflow;
        _workflowName = workflow.WorkflowName;
        _rulesEngine = new RulesEngine.RulesEngine([workflow], LiabilityEngine.CreateSettings());

        // RulesEngine compiles a workflow on its first execution. Running both paths once here
        // keeps compilation out of the measurements and checks that no rule fails, because an
        // error path would measure something other than a normal evaluation.
        var rawResults = RawRulesEngine().AsTask().GetAwaiter().GetResult();
        var failed = rawResults.FirstOrDefault(r => !string.IsNullOrEmpty(r.ExceptionMessage));
        if (failed is not null)
        {
            throw new InvalidOperationException(
                $"Rule {failed.Rule.RuleName} failed on {CasePath}: {failed.ExceptionMessage} " +
                "Fix the rule set or the case before benchmarking.");
        }

        var evaluation = EngineEvaluateOnly().GetAwaiter().GetResult();
        if (!evaluation.Succeeded)
        {
            var first = evaluation.Errors[0];
            throw new InvalidOperationException(
                $"Evaluating {CasePath} with {RuleSetPath} failed with {evaluation.Errors.Count} " +
                $"rule error(s), the first in {first.RuleName}: {first.Message}");
        }
    }

    /// <summary>Runs the workflow with RulesEngine alone, under the engine's settings.</summary>
    [Benchmark(Baseline = true)]
    public ValueTask<List<RuleResultTree>> RawRulesEngine() =>
        _rulesEngine.ExecuteAllRulesAsync(
            _workflowName,
            new RuleParameter(LiabilityEngine.FactsParameter, _caseFile),
            new RuleParameter(LiabilityEngine.EvidenceParameter, _evidence));

    /// <summary>
    /// Looks the rule set up in the compile cache, as the portal does per request, then
    /// evaluates. The lookup hashes the whole rule-set text with SHA-256.
    /// </summary>
    [Benchmark]
    public Task<Evaluation> Engine()
    {
        var compiled = _liabilityEngine.Compile(_ruleSetJson);
        return _liabilityEngine.EvaluateAsync(compiled, _caseFile, _evidence);
    }

    /// <summary>Evaluates with the rule set compiled in setup, including apportionment.</summary>
    [Benchmark]
    public Task<Evaluation> EngineEvaluateOnly() =>
        _liabilityEngine.EvaluateAsync(_compiledRuleSet, _caseFile, _evidence);
}
