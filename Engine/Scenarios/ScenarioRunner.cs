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
    /// { "fired": [...], "shares": { party: amount }, "jointAndSeveral"? } } ] }</c>. Throws
    /// <see cref="FormatException"/> naming the scenario's index when the file does not have that shape.
    /// </summary>
    public static IReadOnlyList<Scenario> Parse(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException("The scenarios file is empty.");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new FormatException($"The scenarios file is not a JSON object: {ex.Message}", ex);
        }

        if (root["scenarios"] is not JsonArray items)
        {
            throw new FormatException("The scenarios file has no \"scenarios\" array.");
        }

        var scenarios = new List<Scenario>();
        for (int i = 0; i < items.Count; i++)
        {
            try
            {
                scenarios.Add(ParseScenario(items[i]));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                throw new FormatException($"scenarios[{i}] is invalid: {ex.Message}", ex);
            }
        }

        return scenarios;
    }

    /// <summary>Decides the scenario's case with <paramref name="ruleSet"/> and compares the result with what it expects.</summary>
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

    private static Scenario ParseScenario(JsonNode? item)
    {
        var expect = Required(item, "expect").AsObject();
        return new Scenario(
            Required(item, "name").GetValue<string>(),
            Required(item, "case").Deserialize<CaseDocument>(EngineJson.Options)!,
            Required(expect, "fired").AsArray().Select(n => NotNull(n, "fired").GetValue<string>()).ToList(),
            Required(expect, "shares").AsObject().ToDictionary(p => p.Key, p => NotNull(p.Value, p.Key).GetValue<decimal>()),
            expect["jointAndSeveral"]?.GetValue<bool>());
    }

    private static JsonNode Required(JsonNode? parent, string member) => NotNull(parent?[member], member);

    private static JsonNode NotNull(JsonNode? node, string member) =>
        node ?? throw new InvalidOperationException($"\"{member}\" is missing or null.");
}
