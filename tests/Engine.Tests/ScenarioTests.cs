using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Engine.Tests;

/// <summary>Runs the scenarios that ship beside each default rule set.</summary>
public sealed class ScenarioTests
{
    public static TheoryData<string, string> EuScenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, _, _) in RuleSetFiles.Scenarios("eu"))
        {
            data.Add("eu", name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EuScenarios))]
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
