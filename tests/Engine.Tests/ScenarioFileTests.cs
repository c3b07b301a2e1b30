using PolicyEngine.Engine.Apportionment;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Engine.Scenarios;

namespace PolicyEngine.Engine.Tests;

/// <summary>
/// Runs every file in <c>tests/scenarios</c> through the real engine with the default rule set
/// it names, and checks that the files together cover every apportionment mechanism.
/// </summary>
public sealed class ScenarioFileTests
{
    [Theory]
    [MemberData(nameof(ScenarioFiles.All), MemberType = typeof(ScenarioFiles))]
    public async Task ScenarioFile_GivesExpectedDecision(string fileName)
    {
        var scenario = ScenarioFiles.Parse(fileName);
        var engine = new LiabilityEngine();
        var compiled = engine.Compile(RuleSetFiles.Read(scenario.RuleSet!));

        var result = await ScenarioRunner.RunAsync(engine, compiled, scenario);

        Assert.True(result.Passed, $"{fileName}: {string.Join("; ", result.Failures)}");
        Assert.Equal(scenario.Case.Damage!.Amount, scenario.Shares.Values.Sum());
    }

    [Fact]
    public void ScenarioFolder_HasEnoughFiles()
    {
        Assert.True(
            ScenarioFiles.FileNames.Count >= ScenarioFiles.MinimumCount,
            $"{ScenarioFiles.Folder} holds {ScenarioFiles.FileNames.Count} scenario files; at least {ScenarioFiles.MinimumCount} are required.");
    }

    [Fact]
    public void ScenarioFiles_EachHaveRationale()
    {
        foreach (string fileName in ScenarioFiles.FileNames)
        {
            // ParseSingle rejects a file without a rationale, and the exception names the file.
            var scenario = ScenarioFiles.Parse(fileName);

            Assert.False(string.IsNullOrWhiteSpace(scenario.Rationale), $"{fileName} has no rationale.");
        }
    }

    [Fact]
    public void ScenarioFiles_CoverEveryMethod()
    {
        var methods = ScenarioFiles.FileNames.Select(f => ScenarioFiles.Parse(f).Method).OfType<ApportionmentMethod>().ToHashSet();

        Assert.Empty(Enum.GetValues<ApportionmentMethod>().Except(methods));
    }

    [Fact]
    public void ScenarioFiles_CoverEveryEffect()
    {
        var engine = new LiabilityEngine();
        var effects = new HashSet<FindingEffect>();
        foreach (string fileName in ScenarioFiles.FileNames)
        {
            var scenario = ScenarioFiles.Parse(fileName);
            var rules = engine.Compile(RuleSetFiles.Read(scenario.RuleSet!)).Document.Rules.ToDictionary(r => r.RuleName);
            effects.UnionWith((scenario.Fired ?? []).Select(rule => rules[rule].Effect));
        }

        Assert.Empty(Enum.GetValues<FindingEffect>().Except(effects));
    }
}
