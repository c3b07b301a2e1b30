using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Engine.Scenarios;

/// <summary>
/// A worked case that a rule set must decide as stated: the rules that fire, in rule-set order,
/// each party's amount and, when given, whether liability is joint and several.
/// </summary>
public sealed record Scenario(
    string Name,
    CaseDocument Case,
    IReadOnlyList<string> Fired,
    IReadOnlyDictionary<string, decimal> Shares,
    bool? JointAndSeveral);

/// <summary>The outcome of one scenario; <see cref="Failures"/> is empty when it passed.</summary>
public sealed record ScenarioResult(string Name, IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;
}

/// <summary>Reads the scenario files that ship beside each rule set and runs them through the engine.</summary>
public static class ScenarioRunner
{
    /// <summary>
    /// Parses a scenarios file: <c>{ "ruleSet": NAME, "scenarios": [ { "name", "case", "expect":
    /// { "fired": [...], "shares": { party: amount }, "jointAndSeveral"? } } ] }</c>.
    /// </summary>
    public static IReadOnlyList<Scenario> Parse(string json)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException("The scenarios file is empty.");
        var scenarios = new List<Scenario>();
        foreach (var item in root["scenarios"]?.AsArray() ?? throw new FormatException("The scenarios file has no \"scenarios\" array."))
        {
            string name = item!["name"]!.GetValue<string>();
            var expect = item["expect"]!.AsObject();
            scenarios.Add(new Scenario(
                name,
                item["case"].Deserialize<CaseDocument>(EngineJson.Options)!,
                expect["fired"]!.AsArray().Select(n => n!.GetValue<string>()).ToList(),
                expect["shares"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<decimal>()),
                expect["jointAndSeveral"]?.GetValue<bool>()));
        }

        return scenarios;
    }

    /// <summary>
    /// Decides the scenario's case with <paramref name="ruleSet"/> and compares the result with what
    /// it expects. A case whose event date lies outside the rule set's AppliesFrom to AppliesUntil fails.
    /// </summary>
    public static async Task<ScenarioResult> RunAsync(
        LiabilityEngine engine, CompiledRuleSet ruleSet, Scenario scenario, CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        var validation = new CaseDocumentValidator().Validate(scenario.Case);
        if (!validation.IsValid)
        {
            failures.AddRange(validation.Errors.Select(e => $"the case is invalid: {e.ErrorMessage}"));
            return new ScenarioResult(scenario.Name, failures);
        }

        var eventDate = scenario.Case.EventDate!.Value;
        if (!ruleSet.Document.Period.Contains(eventDate))
        {
            failures.Add($"the event date {ApplicationPeriod.Format(eventDate)} is outside the days on which rule set "
                + $"'{ruleSet.Name}' applies ({ruleSet.Document.Period.Describe()}); move the event date into that period "
                + "or give the scenario to the version that applies on that date");
            return new ScenarioResult(scenario.Name, failures);
        }

        var evaluation = await engine.EvaluateAsync(
            ruleSet, scenario.Case.ToCaseFile(), scenario.Case.Evidence.ToEvidenceFacts(), cancellationToken);
        if (!evaluation.Succeeded)
        {
            failures.AddRange(evaluation.Errors.Select(e => $"rule {e.RuleName} failed: {e.Message}"));
            return new ScenarioResult(scenario.Name, failures);
        }

        var fired = evaluation.Findings.Select(f => f.RuleName).ToList();
        if (!fired.SequenceEqual(scenario.Fired))
        {
            failures.Add($"fired [{string.Join(", ", fired)}], expected [{string.Join(", ", scenario.Fired)}]");
        }

        foreach (var share in evaluation.Apportionment!.Shares)
        {
            decimal expected = scenario.Shares.TryGetValue(share.Party.ToName(), out var amount) ? amount : 0;
            if (share.Amount != expected)
            {
                failures.Add($"{share.Party.ToName()} pays {share.Amount.ToString(CultureInfo.InvariantCulture)}, expected {expected.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        if (scenario.JointAndSeveral is { } joint && joint != evaluation.Apportionment.JointAndSeveral)
        {
            failures.Add($"jointAndSeveral is {evaluation.Apportionment.JointAndSeveral}, expected {joint}");
        }

        return new ScenarioResult(scenario.Name, failures);
    }
}
