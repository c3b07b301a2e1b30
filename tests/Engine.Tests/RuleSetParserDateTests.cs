using System.Text.Json.Nodes;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Engine.Tests;

/// <summary>AppliesFrom and AppliesUntil: the days on which a rule-set version applies to events.</summary>
public sealed class RuleSetParserDateTests
{
    /// <summary>Returns the one-rule test rule set with the given dates. A keep flag set to false leaves that member out.</summary>
    private static string WithDates(JsonNode? appliesFrom, JsonNode? appliesUntil, bool keepFrom = true, bool keepUntil = true)
    {
        var document = JsonNode.Parse(RuleSetFiles.OneRule("true"))!.AsObject();
        document.Remove("AppliesFrom");
        if (keepFrom)
        {
            document["AppliesFrom"] = appliesFrom;
        }

        if (keepUntil)
        {
            document["AppliesUntil"] = appliesUntil;
        }

        return document.ToJsonString();
    }

    private static RuleSetProblem SingleProblem(string json)
    {
        var error = Assert.Throws<RuleSetException>(() => RuleSetParser.Parse(json));
        return Assert.Single(error.Problems);
    }

    [Fact]
    public void Parse_BothDates_ExposesThem()
    {
        var document = RuleSetParser.Parse(WithDates("2025-01-01", "2026-12-31"));

        Assert.Equal(new DateOnly(2025, 1, 1), document.AppliesFrom);
        Assert.Equal(new DateOnly(2026, 12, 31), document.AppliesUntil);
    }

    [Fact]
    public void Parse_NoAppliesUntil_HasNoEndDate()
    {
        var document = RuleSetParser.Parse(WithDates("2025-01-01", null, keepUntil: false));

        Assert.Equal(new DateOnly(2025, 1, 1), document.AppliesFrom);
        Assert.Null(document.AppliesUntil);
    }

    [Fact]
    public void Parse_AppliesUntilNull_HasNoEndDate()
    {
        var document = RuleSetParser.Parse(WithDates("2025-01-01", null));

        Assert.Null(document.AppliesUntil);
    }

    [Fact]
    public void Parse_OneDayPeriod_ContainsOnlyThatDay()
    {
        var document = RuleSetParser.Parse(WithDates("2025-03-01", "2025-03-01"));

        Assert.True(document.Period.Contains(new DateOnly(2025, 3, 1)));
        Assert.False(document.Period.Contains(new DateOnly(2025, 2, 28)));
        Assert.False(document.Period.Contains(new DateOnly(2025, 3, 2)));
    }

    [Fact]
    public void Parse_MissingAppliesFrom_IsRejected()
    {
        var problem = SingleProblem(WithDates(null, null, keepFrom: false, keepUntil: false));

        Assert.Equal("$.AppliesFrom", problem.Path);
        Assert.Null(problem.RuleName);
        Assert.Contains("AppliesFrom is missing", problem.Message);
        Assert.Contains("YYYY-MM-DD", problem.Message);
    }

    [Fact]
    public void Parse_AppliesFromNull_IsReportedMissing()
    {
        var problem = SingleProblem(WithDates(null, null, keepUntil: false));

        Assert.Equal("$.AppliesFrom", problem.Path);
        Assert.Contains("AppliesFrom must be a string; got null", problem.Message);
    }

    public static TheoryData<string, string> InvalidDates() => new()
    {
        { "\"2024-8-1\"", "'2024-8-1'" },
        { "\"01/08/2024\"", "'01/08/2024'" },
        { "\"2024-02-30\"", "'2024-02-30'" },
        { "\"2023-02-29\"", "'2023-02-29'" },
        { "\"2024-08-01T00:00:00\"", "'2024-08-01T00:00:00'" },
        { "\" 2024-08-01\"", "' 2024-08-01'" },
        { "\"\"", "''" },
        { "20240801", "20240801" },
        { "true", "true" },
        // Arabic-Indic digits match \d in .NET but are not a YYYY-MM-DD date.
        { "\"\u0662\u0660\u0662\u0664-08-01\"", "-08-01" },
    };

    [Theory]
    [MemberData(nameof(InvalidDates))]
    public void Parse_InvalidAppliesFrom_NamesValue(string json, string expectedInMessage)
    {
        var problem = SingleProblem(WithDates(JsonNode.Parse(json), null, keepUntil: false));

        Assert.Equal("$.AppliesFrom", problem.Path);
        Assert.Contains(expectedInMessage, problem.Message);
    }

    [Theory]
    [MemberData(nameof(InvalidDates))]
    public void Parse_InvalidAppliesUntil_NamesValue(string json, string expectedInMessage)
    {
        var problem = SingleProblem(WithDates("2024-08-01", JsonNode.Parse(json)));

        Assert.Equal("$.AppliesUntil", problem.Path);
        Assert.Contains(expectedInMessage, problem.Message);
    }

    [Fact]
    public void Parse_AppliesUntilBeforeAppliesFrom_IsRejected()
    {
        var problem = SingleProblem(WithDates("2025-01-01", "2024-12-31"));

        Assert.Equal("$.AppliesUntil", problem.Path);
        Assert.Equal(
            "AppliesUntil 2024-12-31 is before AppliesFrom 2025-01-01; give the last day on which this version applies, "
            + "on or after AppliesFrom, or leave AppliesUntil out.",
            problem.Message);
    }

    [Fact]
    public void Parse_LongInvalidValue_IsShortenedInMessage()
    {
        var problem = SingleProblem(WithDates(new string('9', 500), null, keepUntil: false));

        Assert.True(problem.Message.Length < 250, problem.Message);
        Assert.Contains("...", problem.Message);
    }

    [Theory]
    [InlineData("eu", "2024-08-01")]
    [InlineData("cn", "2021-01-01")]
    [InlineData("us-pure", "2000-01-01")]
    [InlineData("us-modified-51", "2000-01-01")]
    public void Parse_DefaultRuleSet_AppliesFromItsDateWithNoEnd(string ruleSet, string appliesFrom)
    {
        var document = RuleSetParser.Parse(RuleSetFiles.Read(ruleSet));

        Assert.Equal(DateOnly.Parse(appliesFrom, System.Globalization.CultureInfo.InvariantCulture), document.AppliesFrom);
        Assert.Null(document.AppliesUntil);
    }
}
