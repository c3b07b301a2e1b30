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
}
