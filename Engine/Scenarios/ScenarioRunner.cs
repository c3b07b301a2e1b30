using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyEngine.Engine.Apportionment;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Documents;
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
            failures.Add($"the scenario is written for rule set {name}, but was run with {ruleSet.Name}");
            return new ScenarioResult(scenario.Name, failures);
        }

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
        if (scenario.Fired is { } expectedFired && !fired.SequenceEqual(expectedFired))
        {
            failures.Add($"fired [{string.Join(", ", fired)}], expected [{string.Join(", ", expectedFired)}]");
        }

        failures.AddRange(CheckNotFired(scenario, ruleSet, evaluation, fired));

        foreach (var share in evaluation.Apportionment!.Shares)
        {
            decimal expected = scenario.Shares.TryGetValue(share.Party.ToName(), out var amount) ? amount : 0;
            if (share.Amount != expected)
            {
                failures.Add($"{share.Party.ToName()} pays {share.Amount.ToString(CultureInfo.InvariantCulture)}, expected {expected.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        if (scenario.Method is { } method && method != evaluation.Apportionment.Method)
        {
            failures.Add($"method is {evaluation.Apportionment.Method.ToName()}, expected {method.ToName()}");
        }

        if (scenario.JointAndSeveral is { } joint && joint != evaluation.Apportionment.JointAndSeveral)
        {
            failures.Add($"jointAndSeveral is {evaluation.Apportionment.JointAndSeveral}, expected {joint}");
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
                yield return $"notFired names {rule}, which is not a rule of {ruleSet.Name}";
            }
            else if (fired.Contains(rule, StringComparer.Ordinal))
            {
                yield return $"{rule} fired, expected it not to fire";
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
        node ?? throw new InvalidOperationException($"\"{member}\" is missing or null.");
}
