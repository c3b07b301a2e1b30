using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyEngine.Engine.Apportionment;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Localization;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Engine.Scenarios;

/// <summary>
/// A worked case that a rule set must decide as stated: each party's amount and, when given, the
/// rules that fire (exactly these, in rule-set order), the rules that must not fire, the method
/// and whether liability is joint and several.
/// </summary>
public sealed record Scenario(
    string Name,
    CaseDocument Case,
    IReadOnlyList<string>? Fired,
    IReadOnlyDictionary<string, decimal> Shares,
    bool? JointAndSeveral)
{
    /// <summary>Rules that must not fire. A name that is not a rule of the rule set fails the scenario.</summary>
    public IReadOnlyList<string> NotFired { get; init; } = [];

    public ApportionmentMethod? Method { get; init; }

    /// <summary>
    /// The rule set the scenario is written for. Null in a scenarios file, which names its rule
    /// set once for all its scenarios.
    /// </summary>
    public string? RuleSet { get; init; }

    /// <summary>The provision the scenario checks, in one line. Null in a scenarios file.</summary>
    public string? Rationale { get; init; }
}

/// <summary>The outcome of one scenario; <see cref="Failures"/> is empty when it passed.</summary>
public sealed record ScenarioResult(string Name, IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;
}

/// <summary>
/// Reads scenarios and runs them through the engine. Two file formats exist: a scenarios file
/// ships beside each default rule set and contains many scenarios (<see cref="Parse"/>), and a
/// scenario file contains one scenario with its rationale (<see cref="ParseSingle"/>).
/// </summary>
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
            root = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException(EngineText.Get("The scenarios file is empty."));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new FormatException(EngineText.Format("The scenarios file is not a JSON object: {0}", ex.Message), ex);
        }

        if (root["scenarios"] is not JsonArray items)
        {
            throw new FormatException(EngineText.Get("The scenarios file has no \"scenarios\" array."));
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
                throw new FormatException(EngineText.Format("scenarios[{0}] is invalid: {1}", i, ex.Message), ex);
            }
        }

        return scenarios;
    }

    /// <summary>
    /// Parses a file that contains one scenario: <c>{ "rationale", "ruleSet", "working"?, "case",
    /// "expect": { "shares", "method"?, "jointAndSeveral"?, "fired"?, "notFired"? } }</c>, where
    /// shares must list all four parties. Throws <see cref="FormatException"/> naming the member
    /// at fault and the fix.
    /// </summary>
    public static Scenario ParseSingle(string name, string json) => SingleScenarioParser.Parse(name, json);

    /// <summary>
    /// Decides the scenario's case with <paramref name="ruleSet"/> and compares the result with what
    /// it expects. A case whose event date lies outside the rule set's AppliesFrom to AppliesUntil fails.
    /// </summary>
    public static async Task<ScenarioResult> RunAsync(
        LiabilityEngine engine, CompiledRuleSet ruleSet, Scenario scenario, CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        if (scenario.RuleSet is { } name && name != ruleSet.Name)
        {
            failures.Add(EngineText.Format("the scenario is written for rule set {0}, but was run with {1}", name, ruleSet.Name));
            return new ScenarioResult(scenario.Name, failures);
        }

        var validation = new CaseDocumentValidator().Validate(scenario.Case);
        if (!validation.IsValid)
        {
            failures.AddRange(validation.Errors.Select(e => EngineText.Format("the case is invalid: {0}", e.ErrorMessage)));
            return new ScenarioResult(scenario.Name, failures);
        }

        var eventDate = scenario.Case.EventDate!.Value;
        if (!ruleSet.Document.Period.Contains(eventDate))
        {
            failures.Add(EngineText.Format(
                "the event date {0} is outside the days on which rule set '{1}' applies ({2}); move the event date into that period "
                + "or give the scenario to the version that applies on that date",
                ApplicationPeriod.Format(eventDate), ruleSet.Name, ruleSet.Document.Period.DescribeLocalized()));
            return new ScenarioResult(scenario.Name, failures);
        }

        var evaluation = await engine.EvaluateAsync(
            ruleSet, scenario.Case.ToCaseFile(), scenario.Case.Evidence.ToEvidenceFacts(), cancellationToken);
        if (!evaluation.Succeeded)
        {
            failures.AddRange(evaluation.Errors.Select(e => EngineText.Format("rule {0} failed: {1}", e.RuleName, e.Message)));
            return new ScenarioResult(scenario.Name, failures);
        }

        var fired = evaluation.Findings.Select(f => f.RuleName).ToList();
        if (scenario.Fired is { } expectedFired && !fired.SequenceEqual(expectedFired))
        {
            failures.Add(EngineText.Format("fired [{0}], expected [{1}]", string.Join(", ", fired), string.Join(", ", expectedFired)));
        }

        failures.AddRange(CheckNotFired(scenario, ruleSet, evaluation, fired));

        foreach (var share in evaluation.Apportionment!.Shares)
        {
            decimal expected = scenario.Shares.TryGetValue(share.Party.ToName(), out var amount) ? amount : 0;
            if (share.Amount != expected)
            {
                failures.Add(EngineText.Format("{0} pays {1}, expected {2}", share.Party.ToName(), share.Amount, expected));
            }
        }

        if (scenario.Method is { } method && method != evaluation.Apportionment.Method)
        {
            failures.Add(EngineText.Format("method is {0}, expected {1}", evaluation.Apportionment.Method.ToName(), method.ToName()));
        }

        if (scenario.JointAndSeveral is { } joint && joint != evaluation.Apportionment.JointAndSeveral)
        {
            failures.Add(EngineText.Format("jointAndSeveral is {0}, expected {1}", evaluation.Apportionment.JointAndSeveral, joint));
        }

        return new ScenarioResult(scenario.Name, failures);
    }

    private static IEnumerable<string> CheckNotFired(
        Scenario scenario, CompiledRuleSet ruleSet, Evaluation evaluation, IReadOnlyList<string> fired)
    {
        var ruleNames = evaluation.Outcomes.Select(o => o.RuleName).ToHashSet(StringComparer.Ordinal);
        foreach (string rule in scenario.NotFired)
        {
            if (!ruleNames.Contains(rule))
            {
                yield return EngineText.Format("notFired names {0}, which is not a rule of {1}", rule, ruleSet.Name);
            }
            else if (fired.Contains(rule, StringComparer.Ordinal))
            {
                yield return EngineText.Format("{0} fired, expected it not to fire", rule);
            }
        }
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
        node ?? throw new InvalidOperationException(EngineText.Format("\"{0}\" is missing or null.", member));
}
