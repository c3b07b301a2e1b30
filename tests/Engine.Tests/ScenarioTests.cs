using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Rules;

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
        var (_, document, expect) = RuleSetFiles.Scenarios(ruleSet).Single(s => s.Name == scenarioName);
        Assert.True(new CaseDocumentValidator().Validate(document).IsValid);

        var result = await engine.EvaluateAsync(compiled, document.ToCaseFile(), document.Evidence.ToEvidenceFacts());

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var expectedFired = expect["fired"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(expectedFired, result.Findings.Select(f => f.RuleName));
        foreach (var share in result.Apportionment!.Shares)
        {
            Assert.Equal(expect["shares"]![share.Party.ToName()]!.GetValue<decimal>(), share.Amount);
        }

        Assert.Equal(document.Damage!.Amount, result.Apportionment.Shares.Sum(s => s.Amount));
        if (expect["jointAndSeveral"] is { } joint)
        {
            Assert.Equal(joint.GetValue<bool>(), result.Apportionment.JointAndSeveral);
        }
    }
}
