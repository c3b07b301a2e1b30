using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Evidence;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Engine.Scenarios;

namespace PolicyEngine.Engine.Tests.Localization;

/// <summary>
/// Checks that text which can be stored with a decision stays English under every UI culture,
/// while the shown-only messages next to it are translated.
/// </summary>
public sealed class StoredTextTests
{
    private static readonly CaseFile DeployerAtFault = new()
    {
        Reference = "T-1",
        EventDate = new DateOnly(2026, 1, 1),
        Damage = new Damage(1250.50m, "EUR", DamageKind.Property),
        Deployer = new DeployerConduct { FaultPercent = 30, FollowedInstructions = false },
    };

    [Fact]
    public async Task RuleError_UnderChinese_StaysEnglish()
    {
        using var culture = new UiCulture("zh-Hans");
        var engine = new LiabilityEngine();
        var ruleSet = engine.Compile(RuleSetFiles.OneRule("true", "\"0 - facts.Deployer.FaultPercent\""));

        var result = await engine.EvaluateAsync(ruleSet, DeployerAtFault, EvidenceFacts.None);

        Assert.Equal(
            "The weight expression '0 - facts.Deployer.FaultPercent' returned -30; weights must be from 0 to 1,000,000,000.",
            Assert.Single(result.Errors).Message);
    }

    [Fact]
    public async Task Evaluation_IsTheSameInChineseAndEnglish()
    {
        var engine = new LiabilityEngine();
        var ruleSet = engine.Compile(RuleSetFiles.Read("eu"));

        var english = await EvaluateUnder("en-US", engine, ruleSet);
        var chinese = await EvaluateUnder("zh-Hans", engine, ruleSet);

        Assert.NotEmpty(english.Findings);
        Assert.Equal(english.Findings.Select(f => f.Description), chinese.Findings.Select(f => f.Description));
        Assert.Equal(english.Apportionment!.Explanation, chinese.Apportionment!.Explanation);
        Assert.Equal(english.Apportionment.Adjustments, chinese.Apportionment.Adjustments);
        Assert.Equal(english.Apportionment.Shares.Select(s => s.Amount), chinese.Apportionment.Shares.Select(s => s.Amount));
    }

    [Fact]
    public void PeriodDescription_StaysEnglish_LocalizedOneIsChinese()
    {
        using var culture = new UiCulture("zh-Hans");
        var period = new ApplicationPeriod(new DateOnly(2024, 8, 1), new DateOnly(2026, 12, 31));

        Assert.Equal("from 2024-08-01 until 2026-12-31", period.Describe());
        Assert.Equal("自 2024-08-01 至 2026-12-31", period.DescribeLocalized());
    }

    [Fact]
    public void ScenarioFileError_UnderChinese_IsTranslated()
    {
        using var culture = new UiCulture("zh-Hans");

        var error = Assert.Throws<FormatException>(() => ScenarioRunner.ParseSingle("broken", """{ "rationale": "Art. 1", "extra": 1 }"""));

        Assert.Equal("场景“broken”：出现未知成员“extra”（所在对象：该文件）。可用成员为 rationale, ruleSet, working, case, expect。", error.Message);
    }

    private static async Task<Evaluation> EvaluateUnder(string uiCulture, LiabilityEngine engine, CompiledRuleSet ruleSet)
    {
        using var culture = new UiCulture(uiCulture);
        return await engine.EvaluateAsync(ruleSet, DeployerAtFault, EvidenceFacts.None);
    }
}
