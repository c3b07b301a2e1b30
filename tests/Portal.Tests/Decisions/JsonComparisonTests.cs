using System.Text.Json;
using PolicyEngine.Portal.Decisions;

namespace PolicyEngine.Portal.Tests.Decisions;

public sealed class JsonComparisonTests
{
    private static IReadOnlyList<JsonDifferenceDto> Compare(string stored, string recomputed)
    {
        using var storedDocument = JsonDocument.Parse(stored);
        using var recomputedDocument = JsonDocument.Parse(recomputed);
        return JsonComparison.Compare(storedDocument.RootElement, recomputedDocument.RootElement);
    }

    private static string? Text(JsonElement? value) => value?.GetRawText();

    [Fact]
    public void SameDocument_MembersInOtherOrder_NoDifference()
    {
        var differences = Compare("""{"a":1,"b":[true,null,"x"]}""", """{"b":[true,null,"x"],"a":1}""");

        Assert.Empty(differences);
    }

    [Fact]
    public void NumbersWithOtherScale_AreEqual()
    {
        var differences = Compare("""{"amount":1.5,"big":1e300}""", """{"amount":1.50,"big":1.0e300}""");

        Assert.Empty(differences);
    }

    [Fact]
    public void ChangedNestedNumber_ReportsPathAndBothValues()
    {
        var differences = Compare("""{"shares":[{"amount":1},{"amount":2}]}""", """{"shares":[{"amount":1},{"amount":3}]}""");

        var difference = Assert.Single(differences);
        Assert.Equal("$.shares[1].amount", difference.Path);
        Assert.Equal("2", Text(difference.Stored));
        Assert.Equal("3", Text(difference.Recomputed));
    }

    [Fact]
    public void MemberOnOneSide_AbsentSideIsNull()
    {
        var differences = Compare("""{"kept":1,"old":"x"}""", """{"kept":1,"new":null}""");

        Assert.Equal(2, differences.Count);
        Assert.Equal("$.old", differences[0].Path);
        Assert.Equal("\"x\"", Text(differences[0].Stored));
        Assert.Null(differences[0].Recomputed);
        Assert.Equal("$.new", differences[1].Path);
        Assert.Null(differences[1].Stored);
        Assert.Equal(JsonValueKind.Null, differences[1].Recomputed!.Value.ValueKind);
    }

    [Fact]
    public void LongerArray_ReportsEachExtraItem()
    {
        var differences = Compare("[1]", "[1,2,3]");

        Assert.Equal(["$[1]", "$[2]"], differences.Select(d => d.Path));
        Assert.All(differences, d => Assert.Null(d.Stored));
    }

    [Fact]
    public void KindChanged_ReportsWholeValue()
    {
        var differences = Compare("""{"weight":"2"}""", """{"weight":2}""");

        var difference = Assert.Single(differences);
        Assert.Equal("$.weight", difference.Path);
        Assert.Equal("\"2\"", Text(difference.Stored));
        Assert.Equal("2", Text(difference.Recomputed));
    }

    [Fact]
    public void BooleanFlipped_IsDifference()
    {
        var difference = Assert.Single(Compare("""{"jointAndSeveral":true}""", """{"jointAndSeveral":false}"""));

        Assert.Equal("$.jointAndSeveral", difference.Path);
    }

    [Fact]
    public void MemberNameNotIdentifier_UsesBracketNotation()
    {
        var differences = Compare("""{"injured-person":{"it's":1}}""", """{"injured-person":{"it's":2}}""");

        Assert.Equal("$['injured-person']['it\\'s']", Assert.Single(differences).Path);
    }
}
