using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Evidence;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Engine.Tests;

public sealed class LiabilityEngineTests
{
    private static readonly CaseFile SimpleCase = new()
    {
        Reference = "T-1",
        EventDate = new DateOnly(2026, 1, 1),
        Damage = new Damage(100m, "EUR", DamageKind.Property),
        Deployer = new DeployerConduct { FaultPercent = 30 },
    };

    [Fact]
    public void Compile_SameText_ReusesCompiledRuleSet()
    {
        var engine = new LiabilityEngine();
        string json = RuleSetFiles.Read("eu");

        var first = engine.Compile(json);
        var second = engine.Compile(json);

        Assert.Same(first, second);
        Assert.Equal(1, engine.CachedRuleSetCount);
        Assert.Equal(RuleSetHash.Compute(json), first.Sha256);
    }

    [Fact]
    public void Compile_MoreTextsThanCapacity_KeepsAtMostCapacity()
    {
        var engine = new LiabilityEngine(cacheCapacity: 2);
        string json = RuleSetFiles.Read("eu");

        var compiled = Enumerable.Range(0, 4).Select(i => engine.Compile(json + new string('\n', i))).ToList();

        Assert.True(engine.CachedRuleSetCount <= 2, $"{engine.CachedRuleSetCount} texts are cached.");
        Assert.Equal(4, compiled.Select(c => c.Sha256).Distinct().Count());
        Assert.Equal(compiled[3].Sha256, engine.Compile(json + "\n\n\n").Sha256);
    }

    [Fact]
    public void Constructor_ZeroCapacity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LiabilityEngine(cacheCapacity: 0));

    [Fact]
    public void Compile_ChangedText_CompilesNewVersion()
    {
        var engine = new LiabilityEngine();
        string json = RuleSetFiles.Read("eu");

        var first = engine.Compile(json);
        var second = engine.Compile(json + "\n");

        Assert.NotSame(first, second);
        Assert.NotEqual(first.Sha256, second.Sha256);
    }

    [Fact]
    public void Compile_UnknownMember_ReportsRuleAndMessage()
    {
        var engine = new LiabilityEngine();

        var error = Assert.Throws<RuleSetException>(() => engine.Compile(RuleSetFiles.OneRule("facts.Developer.Nope > 1")));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("TestRule", problem.RuleName);
        Assert.Equal("$.Rules[0].Expression", problem.Path);
        Assert.Contains("Nope", problem.Message);
    }

    [Fact]
    public void Compile_SyntaxError_IsRejected()
    {
        var engine = new LiabilityEngine();

        var error = Assert.Throws<RuleSetException>(() => engine.Compile(RuleSetFiles.OneRule("facts.User.Misuse &&")));

        Assert.Equal("TestRule", Assert.Single(error.Problems).RuleName);
    }

    [Fact]
    public void Compile_TypeOutsideAllowList_IsRejected()
    {
        var engine = new LiabilityEngine();

        var error = Assert.Throws<RuleSetException>(() => engine.Compile(RuleSetFiles.OneRule("System.IO.File.Exists(\"x\")")));

        Assert.Contains("System", Assert.Single(error.Problems).Message);
    }

    [Fact]
    public void Compile_WeightExpressionNotNumber_IsRejected()
    {
        var engine = new LiabilityEngine();

        var error = Assert.Throws<RuleSetException>(() => engine.Compile(RuleSetFiles.OneRule("true", "\"facts.Damage.Currency\"")));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("$.Rules[0].Properties.weight", problem.Path);
        Assert.Contains("must return a number", problem.Message);
    }

    [Fact]
    public void Compile_WeightExpressionUnknownMember_IsRejected()
    {
        var engine = new LiabilityEngine();

        var error = Assert.Throws<RuleSetException>(() => engine.Compile(RuleSetFiles.OneRule("true", "\"facts.Deployer.Nope\"")));

        Assert.Contains("Nope", Assert.Single(error.Problems).Message);
    }

    [Theory]
    [InlineData("developer", "reduce-recovery", "1", "effect", "Only the injured-person party")]
    [InlineData("injured-person", "exonerate", "null", "effect", "concerns the developer, deployer or user")]
    [InlineData("injured-person", "recovery-bar", "null", "weight", "needs a weight")]
    [InlineData("developer", "transfer-role", "null", "from", "from is missing")]
    [InlineData("developer", "pay-double", "1", "effect", "'pay-double' is not a valid effect")]
    public void Compile_EffectThatDoesNotFit_IsRejected(string party, string effect, string weight, string member, string message)
    {
        var engine = new LiabilityEngine();

        var error = Assert.Throws<RuleSetException>(() => engine.Compile(RuleSetFiles.OneRule("true", weight, party, effect)));

        var problem = Assert.Single(error.Problems, p => p.Path == $"$.Rules[0].Properties.{member}");
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public async Task Evaluate_TransferRule_CarriesSourceParty()
    {
        var engine = new LiabilityEngine();
        string json = RuleSetFiles.OneRule("true", "null", "deployer", "transfer-role").Replace("\"effect\"", "\"from\": \"developer\", \"effect\"");
        var ruleSet = engine.Compile(json);

        var result = await engine.EvaluateAsync(ruleSet, SimpleCase, EvidenceFacts.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(FindingEffect.TransferRole, finding.Effect);
        Assert.Equal(Party.Developer, finding.TransferFrom);
    }

    [Fact]
    public void Compile_RejectedText_IsNotCached()
    {
        var engine = new LiabilityEngine();
        string json = RuleSetFiles.OneRule("facts.Nope");

        Assert.Throws<RuleSetException>(() => engine.Compile(json));
        Assert.Throws<RuleSetException>(() => engine.Compile(json));

        Assert.Equal(0, engine.CachedRuleSetCount);
    }

    [Fact]
    public async Task Evaluate_ExpressionThrows_ReportsErrorNotSilentFalse()
    {
        var engine = new LiabilityEngine();
        var ruleSet = engine.Compile(RuleSetFiles.OneRule("facts.Damage.Amount / (facts.Damage.Amount - facts.Damage.Amount) > 0"));

        var result = await engine.EvaluateAsync(ruleSet, SimpleCase, EvidenceFacts.None);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal("TestRule", error.RuleName);
        Assert.Contains("divide by zero", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(result.Apportionment);
        Assert.Empty(result.Findings);
        Assert.Equal("TestRule", Assert.Single(result.Outcomes).RuleName);
        Assert.False(result.Outcomes[0].Fired);
        Assert.NotNull(result.Outcomes[0].Error);
    }

    [Fact]
    public async Task Evaluate_WeightExpression_ReadsFacts()
    {
        var engine = new LiabilityEngine();
        var ruleSet = engine.Compile(RuleSetFiles.OneRule("true", "\"facts.Deployer.FaultPercent\"", party: "deployer"));

        var result = await engine.EvaluateAsync(ruleSet, SimpleCase, EvidenceFacts.None);

        Assert.Equal(30m, Assert.Single(result.Findings).Weight);
    }

    [Fact]
    public async Task Evaluate_WeightWithNullCoalescing_Computes()
    {
        var engine = new LiabilityEngine();
        var ruleSet = engine.Compile(RuleSetFiles.OneRule("true", "\"100 - (facts.Deployer.FaultPercent ?? 0)\""));

        var result = await engine.EvaluateAsync(ruleSet, SimpleCase, EvidenceFacts.None);

        Assert.Empty(result.Errors);
        Assert.Equal(70m, Assert.Single(result.Findings).Weight);
    }

    [Fact]
    public async Task Evaluate_WeightExpressionNull_MeansUnknownWeight()
    {
        var engine = new LiabilityEngine();
        var ruleSet = engine.Compile(RuleSetFiles.OneRule("true", "\"facts.Developer.FaultPercent\""));

        var result = await engine.EvaluateAsync(ruleSet, SimpleCase, EvidenceFacts.None);

        Assert.Null(Assert.Single(result.Findings).Weight);
        Assert.Equal(Apportionment.ApportionmentMethod.Equal, result.Apportionment!.Method);
    }

    [Fact]
    public async Task Evaluate_NegativeWeight_IsAnError()
    {
        var engine = new LiabilityEngine();
        var ruleSet = engine.Compile(RuleSetFiles.OneRule("true", "\"0 - facts.Deployer.FaultPercent\""));

        var result = await engine.EvaluateAsync(ruleSet, SimpleCase, EvidenceFacts.None);

        Assert.Contains("weights must be from 0", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public async Task Evaluate_DeclaredAccuracyAboveWilsonUpperBound_Fires()
    {
        var engine = new LiabilityEngine();
        var ruleSet = engine.Compile(RuleSetFiles.Read("eu"));
        var (lower, upper) = WilsonInterval.Compute95(0.95, 500);
        var evidence = new EvidenceFacts { Accuracy = 0.95, SampleSize = 500, AccuracyLower95 = lower, AccuracyUpper95 = upper };
        var declaredAbove = SimpleCase with { Developer = new DeveloperConduct { DeclaredAccuracy = upper + 0.001 } };
        var declaredInside = SimpleCase with { Developer = new DeveloperConduct { DeclaredAccuracy = upper - 0.001 } };

        var above = await engine.EvaluateAsync(ruleSet, declaredAbove, evidence);
        var inside = await engine.EvaluateAsync(ruleSet, declaredInside, evidence);

        Assert.Contains(above.Findings, f => f.RuleName == "DeveloperProductDefectiveForMissedAccuracy");
        Assert.DoesNotContain(inside.Findings, f => f.RuleName == "DeveloperProductDefectiveForMissedAccuracy");
    }

    [Fact]
    public async Task Evaluate_NoEvidence_EvidenceRulesDoNotFire()
    {
        var engine = new LiabilityEngine();
        var ruleSet = engine.Compile(RuleSetFiles.Read("eu"));
        var caseFile = SimpleCase with { Developer = new DeveloperConduct { DeclaredAccuracy = 0.99 } };

        var result = await engine.EvaluateAsync(ruleSet, caseFile, EvidenceFacts.None);

        Assert.True(result.Succeeded);
        Assert.DoesNotContain(result.Findings, f => f.RuleName.Contains("Accuracy", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Findings, f => f.RuleName.Contains("Miscalibrated", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Findings, f => f.Effect == FindingEffect.Liable);
    }

    [Fact]
    public async Task Evaluate_SameCaseTwice_GivesSameResult()
    {
        var engine = new LiabilityEngine();
        var ruleSet = engine.Compile(RuleSetFiles.Read("eu"));
        var (name, document, _) = RuleSetFiles.Scenarios("eu").First();
        var caseFile = Documents.CaseDocumentMapper.ToCaseFile(document);
        var evidence = Documents.CaseDocumentMapper.ToEvidenceFacts(document.Evidence);

        var first = await engine.EvaluateAsync(ruleSet, caseFile, evidence);
        var second = await engine.EvaluateAsync(ruleSet, caseFile, evidence);

        Assert.Equal(
            first.Apportionment!.Shares.Select(s => (s.Party, s.Amount, s.Percent)),
            second.Apportionment!.Shares.Select(s => (s.Party, s.Amount, s.Percent)));
        Assert.Equal(first.Findings.Select(f => f.RuleName), second.Findings.Select(f => f.RuleName));
    }
}
