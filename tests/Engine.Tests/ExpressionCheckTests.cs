using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Engine.Tests;

/// <summary>Checks that run on every expression before a rule set is accepted.</summary>
public sealed class ExpressionCheckTests
{
    private static RuleSetProblem Rejected(string expression, LiabilityEngine? engine = null)
    {
        var error = Assert.Throws<RuleSetException>(() => (engine ?? new LiabilityEngine()).Compile(RuleSetFiles.OneRule(expression)));
        var problem = Assert.Single(error.Problems);
        Assert.Equal("TestRule", problem.RuleName);
        Assert.Equal("$.Rules[0].Expression", problem.Path);
        return problem;
    }

    [Fact]
    public void UnknownMember_NamesClosestKnownMember()
    {
        var problem = Rejected("facts.Developer.DeclaredAcuracy > 0");

        Assert.Contains("'DeclaredAcuracy'", problem.Message);
        Assert.Contains("closest known name is 'DeclaredAccuracy'", problem.Message);
    }

    [Fact]
    public void MemberInWrongCase_IsRejectedAsCaseSensitive()
    {
        var problem = Rejected("facts.developer.FaultPercent > 0");

        Assert.Contains("case-sensitive", problem.Message);
        Assert.Contains("'Developer'", problem.Message);
    }

    [Fact]
    public void UnknownInput_NamesClosestInput()
    {
        var problem = Rejected("fact.User.Misuse");

        Assert.Contains("'facts'", problem.Message);
    }

    [Theory]
    [InlineData("facts.User.Misuse and facts.User.IgnoredWarnings", "use &&")]
    [InlineData("facts.User.Misuse AND facts.User.IgnoredWarnings", "use &&")]
    [InlineData("facts.User.Misuse or facts.User.IgnoredWarnings", "use ||")]
    [InlineData("not facts.User.Misuse", "use !")]
    [InlineData("facts.User.Misuse = true", "use ==")]
    [InlineData("facts.Damage.Currency <> \"EUR\"", "use != instead")]
    public void WordOrFormulaOperator_IsRejected(string expression, string expected)
    {
        Assert.Contains(expected, Rejected(expression).Message);
    }

    [Fact]
    public void OperatorInsideString_IsNotAnOperator()
    {
        var ruleSet = new LiabilityEngine().Compile(RuleSetFiles.OneRule("facts.Damage.Currency == \"a = b and not c <> 0.5\""));

        Assert.Equal("test", ruleSet.Name);
    }

    [Theory]
    [InlineData("evidence.Ece > 0.05", "0.05")]
    [InlineData("facts.EventDate.Year > 2026", "2026")]
    public void NumberLiteral_MustBeAParameter(string expression, string number)
    {
        var message = Rejected(expression).Message;

        Assert.Contains($"number {number}", message);
        Assert.Contains("Parameters", message);
    }

    [Theory]
    [InlineData("evidence.Ece > 0")]
    [InlineData("evidence.Accuracy < 1")]
    [InlineData("facts.InjuredPerson.FaultPercent < 100")]
    public void ZeroOneAndHundred_AreAllowed(string expression)
    {
        Assert.NotNull(new LiabilityEngine().Compile(RuleSetFiles.OneRule(expression)));
    }

    [Theory]
    [InlineData("facts.EventDate > \"2024-01-01\"")]
    [InlineData("facts.Damage.Amount == \"100\"")]
    [InlineData("facts.Developer.DeclaredAccuracy > \"0.5\"")]
    public void StringComparedWithOtherType_IsRejected(string expression)
    {
        Assert.Contains("is compared with a value that is not text", Rejected(expression).Message);
    }

    [Fact]
    public void EnumNameInWrongCase_IsRejected()
    {
        var message = Rejected("facts.Damage.Kind == \"economic\"").Message;

        Assert.Contains("\"Economic\"", message);
        Assert.Contains("case-sensitive", message);
    }

    [Fact]
    public void EnumNameAndStringMember_AreAllowed()
    {
        var engine = new LiabilityEngine();

        Assert.NotNull(engine.Compile(RuleSetFiles.OneRule("facts.Damage.Kind == \"Economic\"")));
        Assert.NotNull(engine.Compile(RuleSetFiles.OneRule("facts.Damage.Currency == \"EUR\"")));
    }

    [Theory]
    [InlineData("facts.GetType().Assembly != null", "GetType")]
    [InlineData("System.IO.File.Exists(\"x\")", "System")]
    [InlineData("Environment.ProcessorCount > 1", "Environment")]
    [InlineData("Type.GetType(\"x\") == null", "Type")]
    public void ReachBeyondInputs_IsRejectedAndLogged(string expression, string named)
    {
        var logger = new FakeLogger<LiabilityEngine>();
        var problem = Rejected(expression, new LiabilityEngine(logger));

        Assert.Contains($"'{named}'", problem.Message);
        Assert.Contains("out of reach", problem.Message);
        var entry = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("reaches beyond the inputs"));
        Assert.Contains("TestRule", entry.Message);
    }

    [Theory]
    [InlineData("DateTime.Now.Year > 1", "System.DateTime")]
    [InlineData("Guid.NewGuid() != null", "System.Guid")]
    [InlineData("facts.Damage.Currency.GetHashCode() > 1", "GetHashCode")]
    [InlineData("\"x\".PadLeft(100 * 100).Length > 1", "PadLeft")]
    [InlineData("facts.Damage.Currency.Replace(\"E\", \"EE\") == \"EEUR\"", "Replace")]
    [InlineData("evidence.Accuracy > double.Parse(\"0.5\")", "Parse")]
    [InlineData("facts.EventDate.ToString() == \"2027-03-14\"", "ToString")]
    [InlineData("facts.ToString().Contains(\"Oversight\")", "ToString")]
    [InlineData("facts.Reference == \"urgent\"", "Reference")]
    [InlineData("facts.Damage.Amount > decimal.MaxValue", "MaxValue")]
    public void TypeOutsideAllowList_IsRejectedAndLogged(string expression, string named)
    {
        var logger = new FakeLogger<LiabilityEngine>();
        var error = Assert.Throws<RuleSetException>(() => new LiabilityEngine(logger).Compile(RuleSetFiles.OneRule(expression)));

        Assert.Contains(error.Problems, p => p.Message.Contains(named) && p.Message.Contains("may not use"));
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("reaches beyond the inputs"));
    }

    [Theory]
    [InlineData("facts.Damage.Kind == 1", "compared with a number")]
    [InlineData("facts.Damage.Kind > \"Data\"", "no order")]
    [InlineData("int(facts.Damage.Kind) == 1", "converted to")]
    [InlineData("evidence.Ece > 1 / 100", "from literals alone")]
    [InlineData("facts.EventDate == \"14/03/2027\"", "does not compile")]
    public void MisstatedComparison_IsRejected(string expression, string expected)
    {
        var error = Assert.Throws<RuleSetException>(() => new LiabilityEngine().Compile(RuleSetFiles.OneRule(expression)));

        Assert.Contains(error.Problems, p => p.Message.Contains(expected));
    }

    [Theory]
    [InlineData("facts.Damage.Amount > 0m")]
    [InlineData("evidence.Accuracy <= 1.0")]
    [InlineData("facts.InjuredPerson.FaultPercent < 100.00m")]
    public void ZeroOneHundredInOtherSpellings_AreAllowed(string expression)
    {
        Assert.NotNull(new LiabilityEngine().Compile(RuleSetFiles.OneRule(expression)));
    }

    [Theory]
    [InlineData("Math")]
    [InlineData("System")]
    [InlineData("and")]
    [InlineData("int")]
    public void ParameterNamedLikeLanguageWord_IsRejected(string name)
    {
        string json = RuleSetFiles.WithRules(
            RuleSetFiles.Rule("R", "\"Expression\": \"evidence.Ece > 0\""),
            parameters: $$"""[ { "Name": "{{name}}", "Type": "number", "Value": 0.5, "Description": "A threshold." } ]""");

        var error = Assert.Throws<RuleSetException>(() => new LiabilityEngine().Compile(json));

        Assert.Contains(error.Problems, p => p.Path == "$.Parameters[0].Name" && p.Message.Contains("reserved word"));
    }

    [Fact]
    public void WeightAboveMaximum_IsRejected()
    {
        var error = Assert.Throws<RuleSetException>(() => new LiabilityEngine().Compile(RuleSetFiles.OneRule("true", "1000000001")));

        Assert.Contains(error.Problems, p => p.Path == "$.Rules[0].Properties.weight");
    }

    [Fact]
    public void ConditionNotBoolean_IsRejected()
    {
        Assert.Contains("must return true or false", Rejected("facts.Damage.Amount").Message);
    }

    [Fact]
    public void ExpressionWithChildRules_IsRejected()
    {
        string json = RuleSetFiles.WithRules(RuleSetFiles.Rule("Both", """
            "Expression": "facts.User.Misuse", "Operator": "And", "Rules": [ { "RuleName": "Child", "Expression": "facts.User.IgnoredWarnings" } ]
            """));

        var error = Assert.Throws<RuleSetException>(() => new LiabilityEngine().Compile(json));

        Assert.NotEmpty(error.Problems);
        Assert.All(error.Problems, p => Assert.Contains("either an Expression or an Operator with child Rules, not both", p.Message));
        Assert.Contains(error.Problems, p => p.Path == "$.Rules[0].Operator");
    }

    [Fact]
    public void ChildRuleExpression_IsCheckedToo()
    {
        string json = RuleSetFiles.WithRules(RuleSetFiles.Rule("Parent", """
            "Operator": "Or", "Rules": [ { "RuleName": "Child", "Expression": "facts.User.Misuses" } ]
            """));

        var error = Assert.Throws<RuleSetException>(() => new LiabilityEngine().Compile(json));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("Child", problem.RuleName);
        Assert.Equal("$.Rules[0].Rules[0].Expression", problem.Path);
        Assert.Contains("'Misuse'", problem.Message);
    }

    [Fact]
    public void ParameterValueOfWrongType_IsRejected()
    {
        string json = RuleSetFiles.WithRules(
            RuleSetFiles.Rule("R", "\"Expression\": \"evidence.Ece > limit\""),
            parameters: """[ { "Name": "limit", "Type": "number", "Value": "0.05", "Description": "Largest ECE." } ]""");

        var error = Assert.Throws<RuleSetException>(() => new LiabilityEngine().Compile(json));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("$.Parameters[0].Value", problem.Path);
        Assert.Contains("must be a number", problem.Message);
        Assert.Contains("0.05", problem.Message);
    }

    [Fact]
    public void DecimalParameter_ComparesWithDecimalFact()
    {
        string json = RuleSetFiles.WithRules(
            RuleSetFiles.Rule("R", "\"Expression\": \"(facts.Deployer.FaultPercent ?? 0) >= minFault\""),
            parameters: """[ { "Name": "minFault", "Type": "decimal", "Value": 12.5, "Description": "Smallest fault percentage that counts." } ]""");

        Assert.NotNull(new LiabilityEngine().Compile(json));
    }
}
