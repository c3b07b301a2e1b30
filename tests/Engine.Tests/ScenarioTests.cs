using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Engine.Scenarios;

namespace PolicyEngine.Engine.Tests;

/// <summary>Runs the scenarios that ship beside each default rule set.</summary>
public sealed class ScenarioTests
{
    /// <summary>Every scenario of every rule set that has a scenarios file beside it.</summary>
    public static TheoryData<string, string> AllScenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (string ruleSet in RuleSetFiles.WithScenarios())
        {
            foreach (var (name, _, _) in RuleSetFiles.Scenarios(ruleSet))
            {
                data.Add(ruleSet, name);
            }
        }

        return data;
    }

    [Fact]
    public void EveryDefaultRuleSet_HasScenarios()
    {
        var ruleSets = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "RuleSets"), "*.json")
            .Select(Path.GetFileNameWithoutExtension);

        Assert.Equal(ruleSets.Order(), RuleSetFiles.WithScenarios().Order());
    }

    [Theory]
    [MemberData(nameof(AllScenarios))]
    public async Task Scenario_GivesExpectedFindingsAndShares(string ruleSet, string scenarioName)
    {
        var engine = new LiabilityEngine();
        var compiled = engine.Compile(RuleSetFiles.Read(ruleSet));
        var scenario = RuleSetFiles.ParsedScenarios(ruleSet).Single(s => s.Name == scenarioName);

        var result = await ScenarioRunner.RunAsync(engine, compiled, scenario);

        Assert.True(result.Passed, string.Join("; ", result.Failures));
        Assert.Equal(scenario.Case.Damage!.Amount, scenario.Shares.Values.Sum());
    }

    [Theory]
    [InlineData("not json", "not a JSON object")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{}", "no \"scenarios\" array")]
    [InlineData("""{ "scenarios": [ { "case": {}, "expect": {} } ] }""", "scenarios[0] is invalid: \"name\" is missing")]
    [InlineData("""{ "scenarios": [ { "name": 1, "case": {}, "expect": {} } ] }""", "scenarios[0] is invalid")]
    [InlineData("""{ "scenarios": [ { "name": "a", "case": {}, "expect": { "fired": [null], "shares": {} } } ] }""", "\"fired\" is missing or null")]
    public void Parse_MalformedFile_ThrowsFormatException(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => ScenarioRunner.Parse(json));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task Scenario_EventBeforeAppliesFrom_FailsNamingPeriod()
    {
        var engine = new LiabilityEngine();
        var compiled = engine.Compile(RuleSetFiles.Read("eu"));
        var scenario = RuleSetFiles.ParsedScenarios("eu")[0];
        var early = scenario with { Case = scenario.Case with { EventDate = new DateOnly(2024, 7, 31) } };

        var result = await ScenarioRunner.RunAsync(engine, compiled, early);

        var failure = Assert.Single(result.Failures);
        Assert.Contains("the event date 2024-07-31 is outside", failure);
        Assert.Contains("from 2024-08-01 with no end date", failure);
    }

    [Fact]
    public async Task Scenario_EventOnAppliesFrom_Runs()
    {
        var engine = new LiabilityEngine();
        var compiled = engine.Compile(RuleSetFiles.Read("eu"));
        var scenario = RuleSetFiles.ParsedScenarios("eu")[0];
        var first = scenario with { Case = scenario.Case with { EventDate = new DateOnly(2024, 8, 1) } };

        var result = await ScenarioRunner.RunAsync(engine, compiled, first);

        Assert.True(result.Passed, string.Join("; ", result.Failures));
    }

    [Fact]
    public async Task Scenario_EventAfterAppliesUntil_Fails()
    {
        var engine = new LiabilityEngine();
        string json = RuleSetFiles.OneRule("true").Replace(
            "\"AppliesFrom\": \"2020-01-01\",", "\"AppliesFrom\": \"2020-01-01\", \"AppliesUntil\": \"2025-12-31\",");
        var compiled = engine.Compile(json);
        Assert.Equal(new DateOnly(2025, 12, 31), compiled.Document.AppliesUntil);
        var scenario = RuleSetFiles.ParsedScenarios("eu")[0];
        var late = scenario with { Case = scenario.Case with { EventDate = new DateOnly(2026, 1, 1) } };

        var result = await ScenarioRunner.RunAsync(engine, compiled, late);

        var failure = Assert.Single(result.Failures);
        Assert.Contains("the event date 2026-01-01 is outside", failure);
        Assert.Contains("from 2020-01-01 until 2025-12-31", failure);
    }
}
