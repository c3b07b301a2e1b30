using PolicyEngine.Portal.RuleSets;

namespace PolicyEngine.Portal.Tests.RuleSets;

public sealed class JsonLineLocatorTests
{
    private const string Text = """
        {
          "WorkflowName": "eu",
          "Rules": [
            {
              "RuleName": "A",
              "Expression": "true"
            },
            {
              "RuleName": "B",
              "Properties": { "party": "user", "odd name": 1 }
            }
          ]
        }
        """;

    [Theory]
    [InlineData("$", 1)]
    [InlineData("$.WorkflowName", 2)]
    [InlineData("$.Rules", 3)]
    [InlineData("$.Rules[0]", 4)]
    [InlineData("$.Rules[0].Expression", 6)]
    [InlineData("$.Rules[1].RuleName", 9)]
    [InlineData("$.Rules[1].Properties.party", 10)]
    [InlineData("$.Rules[1].Properties['odd name']", 10)]
    public void LineOf_FindsPath(string path, int line)
    {
        var locator = JsonLineLocator.Index(Text);

        Assert.Equal(line, locator.LineOf(path));
    }

    [Fact]
    public void LineOf_MissingMember_UsesEnclosingValue()
    {
        var locator = JsonLineLocator.Index(Text);

        Assert.Equal(8, locator.LineOf("$.Rules[1].Expression"));
        Assert.Equal(10, locator.LineOf("$.Rules[1].Properties.effect"));
    }

    [Fact]
    public void Index_InvalidJson_ReportsSyntaxErrorLine()
    {
        var locator = JsonLineLocator.Index("{\n  \"a\": 1,\n  \"b\": ,\n}");

        Assert.Equal(3, locator.SyntaxErrorLine);
        Assert.Equal(2, locator.LineOf("$.a"));
    }

    [Fact]
    public void Index_ValidJson_HasNoSyntaxErrorLine()
    {
        Assert.Null(JsonLineLocator.Index(Text).SyntaxErrorLine);
    }
}
