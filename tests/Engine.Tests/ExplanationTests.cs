using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Evidence;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Engine.Tests;

/// <summary>What each rule read, missing inputs, and rules made of child rules.</summary>
public sealed class ExplanationTests
{
    private static readonly CaseFile Case = new()
    {
        Reference = "X-1",
        EventDate = new DateOnly(2027, 3, 1),
        Damage = new Damage(1000m, "EUR", DamageKind.Property),
        User = new UserConduct { Misuse = false, IgnoredWarnings = true },
    };

    private static readonly EvidenceFacts Evidence = new()
    {
        Accuracy = 0.88,
        SampleSize = 500,
        AccuracyLower95 = 0.85,
        AccuracyUpper95 = 0.91,
        Ece = 0.02,
        NoiseRatio = null,
    };

    private static async Task<Evaluation> EvaluateAsync(string json, CaseFile? caseFile = null, EvidenceFacts? evidence = null)
    {
        var engine = new LiabilityEngine();
        return await engine.EvaluateAsync(engine.Compile(json), caseFile ?? Case, evidence ?? Evidence);
    }

    private static object? ValueRead(RuleOutcome outcome, string name) => Assert.Single(outcome.Reads, r => r.Name == name).Value;

    [Fact]
    public async Task RuleNotFired_ListsValuesThatMadeItFalse()
    {
        var result = await EvaluateAsync(RuleSetFiles.OneRule("facts.User.Misuse || facts.Deployer.OwnName"));

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(RuleStatus.NotFired, outcome.Status);
        Assert.Equal(["facts.User.Misuse", "facts.Deployer.OwnName"], outcome.Reads.Select(r => r.Name));
        Assert.Equal(false, ValueRead(outcome, "facts.User.Misuse"));
        Assert.Equal(false, ValueRead(outcome, "facts.Deployer.OwnName"));
        Assert.True(result.Complete);
    }

    [Fact]
    public async Task ShortCircuit_RecordsOnlyReadsThatRan()
    {
        var result = await EvaluateAsync(RuleSetFiles.OneRule("facts.User.IgnoredWarnings || facts.User.Misuse"));

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(RuleStatus.Fired, outcome.Status);
        Assert.Equal(["facts.User.IgnoredWarnings"], outcome.Reads.Select(r => r.Name));
    }

    [Fact]
    public async Task NullReadWithoutCheck_IsMissingInput()
    {
        var result = await EvaluateAsync(RuleSetFiles.OneRule("facts.Developer.DeclaredAccuracy > evidence.AccuracyUpper95"));

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(RuleStatus.MissingInput, outcome.Status);
        Assert.Equal(["facts.Developer.DeclaredAccuracy"], outcome.MissingInputs);
        Assert.Null(outcome.Error);
        Assert.False(result.Complete);
        Assert.Equal(["facts.Developer.DeclaredAccuracy"], result.MissingInputs);
        Assert.Empty(result.Findings);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task NullReadAfterNullCheck_IsNotMissing()
    {
        var result = await EvaluateAsync(RuleSetFiles.OneRule(
            "facts.Developer.DeclaredAccuracy != null && facts.Developer.DeclaredAccuracy > evidence.AccuracyUpper95"));

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(RuleStatus.NotFired, outcome.Status);
        Assert.Null(ValueRead(outcome, "facts.Developer.DeclaredAccuracy"));
        Assert.True(result.Complete);
    }

    [Theory]
    [InlineData("facts.Developer.DeclaredAccuracy > evidence.AccuracyUpper95 && facts.Developer.DeclaredAccuracy != null")]
    [InlineData("facts.Developer.DeclaredAccuracy > evidence.AccuracyUpper95 || (false && facts.Developer.DeclaredAccuracy == null)")]
    [InlineData("facts.Developer.DeclaredAccuracy.Value > evidence.AccuracyUpper95")]
    public async Task NullReadBeforeCheck_IsMissingInput(string expression)
    {
        var result = await EvaluateAsync(RuleSetFiles.OneRule(expression));

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(RuleStatus.MissingInput, outcome.Status);
        Assert.Equal(["facts.Developer.DeclaredAccuracy"], outcome.MissingInputs);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task NullCoalescedRead_IsNotMissing()
    {
        var result = await EvaluateAsync(RuleSetFiles.OneRule("(facts.User.FaultPercent ?? 0) > 0"));

        Assert.Equal(RuleStatus.NotFired, Assert.Single(result.Outcomes).Status);
        Assert.True(result.Complete);
    }

    [Fact]
    public async Task MissingInputInGlobalParam_MakesReadingRuleMissing()
    {
        string json = RuleSetFiles.WithRules(
            RuleSetFiles.Rule("Miscalibrated", "\"Expression\": \"miscalibrated\""),
            globalParams: """[ { "Name": "miscalibrated", "Expression": "evidence.Available && evidence.NoiseRatio >= 1" } ]""");

        var result = await EvaluateAsync(json);

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(RuleStatus.MissingInput, outcome.Status);
        Assert.Equal(["evidence.NoiseRatio"], outcome.MissingInputs);
        Assert.Equal(["evidence.Available", "evidence.NoiseRatio", "miscalibrated"], outcome.Reads.Select(r => r.Name));
    }

    [Fact]
    public async Task Parameter_IsReportedWithItsValue()
    {
        string json = RuleSetFiles.WithRules(
            RuleSetFiles.Rule("Miscalibrated", "\"Expression\": \"evidence.Ece > maxEce\""),
            parameters: """[ { "Name": "maxEce", "Type": "number", "Value": 0.05, "Description": "Largest ECE." } ]""");

        var result = await EvaluateAsync(json);

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(RuleStatus.NotFired, outcome.Status);
        Assert.Equal(0.02, ValueRead(outcome, "evidence.Ece"));
        Assert.Equal(0.05, ValueRead(outcome, "maxEce"));
    }

    [Fact]
    public async Task DateParameter_ComparesWithDates()
    {
        string json = RuleSetFiles.WithRules(
            RuleSetFiles.Rule("AfterStart", "\"Expression\": \"facts.EventDate >= start\""),
            parameters: """[ { "Name": "start", "Type": "date", "Value": "2027-03-01", "Description": "First day." } ]""");

        var result = await EvaluateAsync(json);

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(RuleStatus.Fired, outcome.Status);
        Assert.Equal(new DateOnly(2027, 3, 1), ValueRead(outcome, "start"));
    }

    [Fact]
    public async Task EnumRead_IsReportedByName()
    {
        var result = await EvaluateAsync(RuleSetFiles.OneRule("facts.Damage.Kind == \"Economic\""));

        Assert.Equal("Property", ValueRead(Assert.Single(result.Outcomes), "facts.Damage.Kind"));
    }

    [Theory]
    [InlineData("And", false, RuleStatus.NotFired)]
    [InlineData("Or", true, RuleStatus.Fired)]
    public async Task ChildRules_CombineWithOperator(string op, bool fired, RuleStatus status)
    {
        string json = RuleSetFiles.WithRules(RuleSetFiles.Rule("UserCareless", $$"""
            "Operator": "{{op}}",
            "Rules": [
              { "RuleName": "UserMisused", "Expression": "facts.User.Misuse" },
              { "RuleName": "UserIgnoredWarnings", "Expression": "facts.User.IgnoredWarnings" }
            ]
            """));

        var result = await EvaluateAsync(json);

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(status, outcome.Status);
        Assert.Equal(fired, result.Findings.Count == 1);
        Assert.Equal(["UserMisused", "UserIgnoredWarnings"], outcome.Children.Select(c => c.RuleName));
        Assert.Equal([RuleStatus.NotFired, RuleStatus.Fired], outcome.Children.Select(c => c.Status));
        Assert.Equal(false, ValueRead(outcome.Children[0], "facts.User.Misuse"));
    }

    [Fact]
    public async Task FiredRule_AlsoListsWhatItsWeightRead()
    {
        var caseFile = Case with { Deployer = new DeployerConduct { FaultPercent = 40 } };

        var result = await EvaluateAsync(RuleSetFiles.OneRule("facts.User.IgnoredWarnings", "\"facts.Deployer.FaultPercent\""), caseFile);

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(40m, ValueRead(outcome, "facts.Deployer.FaultPercent"));
    }

    [Fact]
    public async Task DefaultRuleSets_SoundModelWithoutDeclaredAccuracy_IsIncomplete()
    {
        var engine = new LiabilityEngine();
        var ruleSet = engine.Compile(RuleSetFiles.Read("eu"));

        var result = await engine.EvaluateAsync(ruleSet, Case, Evidence with { NoiseRatio = 0.9 });

        Assert.False(result.Complete);
        Assert.Contains("facts.Developer.DeclaredAccuracy", result.MissingInputs);
        Assert.NotNull(result.Apportionment);
    }
}
