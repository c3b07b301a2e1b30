using System.Text.Json.Nodes;
using PolicyEngine.Engine.Apportionment;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Engine.Scenarios;

namespace PolicyEngine.Engine.Tests;

/// <summary>Parsing and checking of one-scenario files, on a small eu case written here.</summary>
public sealed class SingleScenarioTests
{
    /// <summary>
    /// A deployer without human oversight is the only liable party under eu, so it pays all
    /// 1,000.00 EUR and the split is proportional.
    /// </summary>
    private static JsonObject ValidFile() => JsonNode.Parse("""
        {
          "rationale": "Regulation (EU) 2024/1689 Art. 26(2): a deployer must assign human oversight.",
          "ruleSet": "eu",
          "working": ["The deployer is the only liable party, so it pays 1,000.00."],
          "case": {
            "reference": "TEST-1",
            "eventDate": "2027-01-20",
            "ruleSet": "eu",
            "damage": { "amount": 1000.00, "currency": "EUR", "kind": "property" },
            "developer": { "declaredAccuracy": 0.9, "placedOnMarket": "2027-01-15" },
            "deployer": { "humanOversight": false }
          },
          "expect": {
            "shares": { "developer": 0, "deployer": 1000.00, "user": 0, "injured-person": 0 },
            "method": "proportional",
            "jointAndSeveral": false,
            "fired": ["DeployerLackedHumanOversight", "LiableOperatorsJointlyAndSeverally"],
            "notFired": ["UserAtFaultForMisuse"]
          }
        }
        """)!.AsObject();

    private static Scenario Parse(JsonObject file) => ScenarioRunner.ParseSingle("test", file.ToJsonString());

    private static async Task<ScenarioResult> RunWithEuAsync(Scenario scenario)
    {
        var engine = new LiabilityEngine();
        return await ScenarioRunner.RunAsync(engine, engine.Compile(RuleSetFiles.Read("eu")), scenario);
    }

    [Fact]
    public void ParseSingle_ValidFile_ReadsEveryConstraint()
    {
        var scenario = Parse(ValidFile());

        Assert.Equal("test", scenario.Name);
        Assert.Equal("eu", scenario.RuleSet);
        Assert.StartsWith("Regulation (EU) 2024/1689", scenario.Rationale);
        Assert.Equal(1000.00m, scenario.Shares["deployer"]);
        Assert.Equal(4, scenario.Shares.Count);
        Assert.Equal(ApportionmentMethod.Proportional, scenario.Method);
        Assert.False(scenario.JointAndSeveral);
        Assert.Equal(["DeployerLackedHumanOversight", "LiableOperatorsJointlyAndSeverally"], scenario.Fired);
        Assert.Equal(["UserAtFaultForMisuse"], scenario.NotFired);
    }

    [Fact]
    public void ParseSingle_OptionalConstraintsOmitted_AreNull()
    {
        var file = ValidFile();
        var expect = file["expect"]!.AsObject();
        expect.Remove("method");
        expect.Remove("jointAndSeveral");
        expect.Remove("fired");
        expect.Remove("notFired");
        file.Remove("working");

        var scenario = Parse(file);

        Assert.Null(scenario.Method);
        Assert.Null(scenario.JointAndSeveral);
        Assert.Null(scenario.Fired);
        Assert.Empty(scenario.NotFired);
    }

    [Theory]
    [InlineData("rationale", "rationale is missing")]
    [InlineData("ruleSet", "ruleSet is missing")]
    [InlineData("case", "case is missing")]
    [InlineData("expect", "expect is missing")]
    public void ParseSingle_RequiredMemberMissing_Throws(string member, string message)
    {
        var file = ValidFile();
        file.Remove(member);

        var error = Assert.Throws<FormatException>(() => Parse(file));

        Assert.Contains(message, error.Message);
        Assert.StartsWith("Scenario 'test':", error.Message);
    }

    [Fact]
    public void ParseSingle_BlankRationale_Throws()
    {
        var file = ValidFile();
        file["rationale"] = "  ";

        var error = Assert.Throws<FormatException>(() => Parse(file));

        Assert.Contains("rationale", error.Message);
    }

    [Fact]
    public void ParseSingle_UnknownExpectMember_NamesIt()
    {
        var file = ValidFile();
        file["expect"]!["share"] = 1;

        var error = Assert.Throws<FormatException>(() => Parse(file));

        Assert.Contains("unknown member 'share'", error.Message);
    }

    [Fact]
    public void ParseSingle_UnknownCaseMember_Throws()
    {
        var file = ValidFile();
        file["case"]!["damages"] = 1;

        var error = Assert.Throws<FormatException>(() => Parse(file));

        Assert.Contains("case is not a valid case document", error.Message);
    }

    [Fact]
    public void ParseSingle_PartyMissingFromShares_NamesIt()
    {
        var file = ValidFile();
        file["expect"]!["shares"]!.AsObject().Remove("injured-person");

        var error = Assert.Throws<FormatException>(() => Parse(file));

        Assert.Contains("no amount for injured-person", error.Message);
    }

    [Fact]
    public void ParseSingle_UnknownParty_NamesIt()
    {
        var file = ValidFile();
        file["expect"]!["shares"]!["manufacturer"] = 0;

        var error = Assert.Throws<FormatException>(() => Parse(file));

        Assert.Contains("'manufacturer', which is not a party", error.Message);
    }

    [Fact]
    public void ParseSingle_ShareAsString_Throws()
    {
        var file = ValidFile();
        file["expect"]!["shares"]!["deployer"] = "1000.00";

        var error = Assert.Throws<FormatException>(() => Parse(file));

        Assert.Contains("expect.shares.deployer must be a JSON number", error.Message);
    }

    [Fact]
    public void ParseSingle_CaseNamesOtherRuleSet_Throws()
    {
        var file = ValidFile();
        file["case"]!["ruleSet"] = "cn";

        var error = Assert.Throws<FormatException>(() => Parse(file));

        Assert.Contains("case.ruleSet is 'cn' but ruleSet is 'eu'", error.Message);
    }

    [Fact]
    public void ParseSingle_UnknownMethod_ListsMethods()
    {
        var file = ValidFile();
        file["expect"]!["method"] = "pro-rata";

        var error = Assert.Throws<FormatException>(() => Parse(file));

        Assert.Contains("proportional, equal, no-liable-party, barred", error.Message);
    }

    [Fact]
    public void ParseSingle_RuleInFiredAndNotFired_Throws()
    {
        var file = ValidFile();
        file["expect"]!["notFired"] = new JsonArray("DeployerLackedHumanOversight");

        var error = Assert.Throws<FormatException>(() => Parse(file));

        Assert.Contains("DeployerLackedHumanOversight is listed in both", error.Message);
    }

    [Fact]
    public void ParseSingle_DuplicateMember_Throws()
    {
        string json = ValidFile().ToJsonString().Replace("\"ruleSet\":\"eu\",\"working\"", "\"ruleSet\":\"eu\",\"ruleSet\":\"cn\",\"working\"");

        var error = Assert.Throws<FormatException>(() => ScenarioRunner.ParseSingle("test", json));

        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public async Task RunAsync_ValidFile_Passes()
    {
        var result = await RunWithEuAsync(Parse(ValidFile()));

        Assert.True(result.Passed, string.Join("; ", result.Failures));
    }

    [Fact]
    public async Task RunAsync_WrongMethod_NamesBothMethods()
    {
        var file = ValidFile();
        file["expect"]!["method"] = "equal";

        var result = await RunWithEuAsync(Parse(file));

        Assert.Equal(["method is proportional, expected equal"], result.Failures);
    }

    [Fact]
    public async Task RunAsync_WrongShare_NamesBothAmounts()
    {
        var file = ValidFile();
        file["expect"]!["shares"]!["deployer"] = 600.00m;
        file["expect"]!["shares"]!["user"] = 400.00m;

        var result = await RunWithEuAsync(Parse(file));

        Assert.Equal(["deployer pays 1000.00, expected 600.00", "user pays 0.00, expected 400.00"], result.Failures);
    }

    [Fact]
    public async Task RunAsync_WrongJointAndSeveral_Fails()
    {
        var file = ValidFile();
        file["expect"]!["jointAndSeveral"] = true;

        var result = await RunWithEuAsync(Parse(file));

        Assert.Equal(["jointAndSeveral is False, expected True"], result.Failures);
    }

    [Fact]
    public async Task RunAsync_ForbiddenRuleFires_NamesRule()
    {
        var file = ValidFile();
        var expect = file["expect"]!.AsObject();
        expect.Remove("fired");
        expect["notFired"] = new JsonArray("DeployerLackedHumanOversight");

        var result = await RunWithEuAsync(Parse(file));

        Assert.Equal(["DeployerLackedHumanOversight fired, expected it not to fire"], result.Failures);
    }

    [Fact]
    public async Task RunAsync_NotFiredNamesNoRule_Fails()
    {
        var file = ValidFile();
        file["expect"]!["notFired"] = new JsonArray("UserMisusedSystem");

        var result = await RunWithEuAsync(Parse(file));

        Assert.Equal(["notFired names UserMisusedSystem, which is not a rule of eu"], result.Failures);
    }

    [Fact]
    public async Task RunAsync_OtherRuleSet_FailsWithoutDeciding()
    {
        var scenario = Parse(ValidFile());
        var engine = new LiabilityEngine();

        var result = await ScenarioRunner.RunAsync(engine, engine.Compile(RuleSetFiles.Read("cn")), scenario);

        Assert.Equal(["the scenario is written for rule set eu, but was run with cn"], result.Failures);
    }
}
