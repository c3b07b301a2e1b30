using Microsoft.Data.Sqlite;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

/// <summary>Choosing the published rule-set version in force on a day, and the dates stored with each version.</summary>
public sealed class RuleSetInForceTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly RuleSetRepository _ruleSets;

    public RuleSetInForceTests()
    {
        _ruleSets = _database.CreateRuleSets();
    }

    public void Dispose() => _database.Dispose();

    /// <summary>Returns a rule-set text with the given dates. A null date leaves the member out.</summary>
    private static string Content(string? appliesFrom, string? appliesUntil = null, string note = "")
    {
        string from = appliesFrom is null ? "" : $$""","AppliesFrom":"{{appliesFrom}}" """.TrimEnd();
        string until = appliesUntil is null ? "" : $$""","AppliesUntil":"{{appliesUntil}}" """.TrimEnd();
        return $$"""{"WorkflowName":"eu","Description":"{{note}}"{{from}}{{until}},"Rules":[]}""";
    }

    private Task<RuleSetVersion> PublishAsync(string content) =>
        _ruleSets.AddPublishedVersionAsync("eu", null, content, RuleSetHash.Compute(content), "regulator", CancellationToken.None);

    private Task<RuleSetVersion> AddDraftAsync(string content) =>
        _ruleSets.AddDraftVersionAsync("eu", null, content, RuleSetHash.Compute(content), "regulator", CancellationToken.None);

    /// <summary>
    /// Stores version 1 (2024-08-01 to 2024-12-31), 2 (2025-01-01 to 2026-12-31), 3 (from
    /// 2025-06-01, no end, overlapping 2), a draft 4 from 2024-01-01 and a published 5 without dates.
    /// </summary>
    private async Task StoreSeveralVersionsAsync()
    {
        await PublishAsync(Content("2024-08-01", "2024-12-31"));
        await PublishAsync(Content("2025-01-01", "2026-12-31"));
        await PublishAsync(Content("2025-06-01"));
        await AddDraftAsync(Content("2024-01-01", note: "draft"));
        await PublishAsync(Content(null, note: "stored before versions carried dates"));
    }

    [Theory]
    [InlineData("2024-01-15", null)]
    [InlineData("2024-07-31", null)]
    [InlineData("2024-08-01", 1)]
    [InlineData("2024-12-31", 1)]
    [InlineData("2025-01-01", 2)]
    [InlineData("2025-05-31", 2)]
    [InlineData("2025-06-01", 3)]
    [InlineData("2026-12-31", 3)]
    [InlineData("2027-01-01", 3)]
    [InlineData("2199-12-31", 3)]
    public async Task GetInForceAsync_SeveralVersions_ReturnsHighestApplying(string day, int? expected)
    {
        await StoreSeveralVersionsAsync();

        var version = await _ruleSets.GetInForceAsync("eu", DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);

        Assert.Equal(expected, version?.Version);
    }

    [Fact]
    public async Task GetInForceAsync_ReturnsVersionWithContentAndDates()
    {
        await StoreSeveralVersionsAsync();

        var version = await _ruleSets.GetInForceAsync("eu", new DateOnly(2025, 3, 1), CancellationToken.None);

        Assert.NotNull(version);
        Assert.Equal(RuleSetStatus.Published, version.Status);
        Assert.Equal(Content("2025-01-01", "2026-12-31"), version.Content);
        Assert.Equal(new DateOnly(2025, 1, 1), version.AppliesFrom);
        Assert.Equal(new DateOnly(2026, 12, 31), version.AppliesUntil);
    }

    [Fact]
    public async Task GetInForceAsync_DayAfterAppliesUntil_ReturnsNull()
    {
        await PublishAsync(Content("2024-08-01", "2024-12-31"));

        Assert.NotNull(await _ruleSets.GetInForceAsync("eu", new DateOnly(2024, 12, 31), CancellationToken.None));
        Assert.Null(await _ruleSets.GetInForceAsync("eu", new DateOnly(2025, 1, 1), CancellationToken.None));
    }

    [Fact]
    public async Task GetInForceAsync_OnlyDraftApplies_ReturnsNull()
    {
        await PublishAsync(Content("2025-01-01"));
        await AddDraftAsync(Content("2020-01-01"));

        Assert.Null(await _ruleSets.GetInForceAsync("eu", new DateOnly(2024, 6, 1), CancellationToken.None));
        Assert.Equal(1, (await _ruleSets.GetInForceAsync("eu", new DateOnly(2025, 6, 1), CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task GetInForceAsync_VersionWithoutDates_IsNeverChosen()
    {
        await PublishAsync(Content(null));

        Assert.Null(await _ruleSets.GetInForceAsync("eu", new DateOnly(2026, 1, 1), CancellationToken.None));
    }

    [Fact]
    public async Task GetInForceAsync_OtherRuleSetName_ReturnsNull()
    {
        await PublishAsync(Content("2024-08-01"));

        Assert.Null(await _ruleSets.GetInForceAsync("cn", new DateOnly(2026, 1, 1), CancellationToken.None));
    }

    [Fact]
    public async Task ListVersionsAsync_ReturnsStatusAndDatesInOrder()
    {
        await StoreSeveralVersionsAsync();

        var versions = await _ruleSets.ListVersionsAsync("eu", CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5], versions.Select(v => v.Version));
        Assert.Equal(
            [RuleSetStatus.Published, RuleSetStatus.Published, RuleSetStatus.Published, RuleSetStatus.Draft, RuleSetStatus.Published],
            versions.Select(v => v.Status));
        Assert.Equal(new DateOnly(2024, 8, 1), versions[0].AppliesFrom);
        Assert.Equal(new DateOnly(2024, 12, 31), versions[0].AppliesUntil);
        Assert.Equal(new DateOnly(2025, 6, 1), versions[2].AppliesFrom);
        Assert.Null(versions[2].AppliesUntil);
        Assert.Null(versions[4].AppliesFrom);
        Assert.Null(versions[4].Period);
    }

    [Fact]
    public async Task AddDraftVersionAsync_StoresNextNumberUnpublished()
    {
        await PublishAsync(Content("2024-08-01"));

        var draft = await AddDraftAsync(Content("2025-01-01"));

        Assert.Equal(2, draft.Version);
        Assert.Equal(RuleSetStatus.Draft, draft.Status);
        Assert.Null(draft.PublishedAt);
        Assert.Null(draft.PublishedBy);
        Assert.Equal("regulator", draft.CreatedBy);
        Assert.Equal(new DateOnly(2025, 1, 1), draft.AppliesFrom);
        Assert.Equal(draft, await _ruleSets.GetVersionAsync("eu", 2, CancellationToken.None));
    }

    [Theory]
    [InlineData("2024-8-01")]
    [InlineData("2024-02-30")]
    [InlineData("01/08/2024")]
    [InlineData("2024-08-01T00:00:00")]
    public async Task AddPublishedVersionAsync_MalformedAppliesFrom_IsRejectedByCheck(string appliesFrom)
    {
        var error = await Assert.ThrowsAsync<SqliteException>(() => PublishAsync(Content(appliesFrom)));

        Assert.Contains("rule_set_versions_applies_from_is_date", error.Message);
        Assert.Empty(await _ruleSets.ListVersionsAsync("eu", CancellationToken.None));
    }

    [Fact]
    public async Task AddPublishedVersionAsync_AppliesUntilBeforeFrom_IsRejectedByCheck()
    {
        var error = await Assert.ThrowsAsync<SqliteException>(() => PublishAsync(Content("2025-01-01", "2024-12-31")));

        Assert.Contains("rule_set_versions_applies_until_is_date_after_from", error.Message);
    }

    [Fact]
    public async Task AddPublishedVersionAsync_AppliesUntilWithoutFrom_IsRejectedByCheck()
    {
        var error = await Assert.ThrowsAsync<SqliteException>(() => PublishAsync(Content(null, "2024-12-31")));

        Assert.Contains("rule_set_versions_applies_until_is_date_after_from", error.Message);
    }

    [Fact]
    public async Task AddPublishedVersionAsync_AppliesFromAsNumber_IsRejectedByCheck()
    {
        string content = """{"WorkflowName":"eu","AppliesFrom":20240801,"Rules":[]}""";

        var error = await Assert.ThrowsAsync<SqliteException>(() => PublishAsync(content));

        Assert.Contains("rule_set_versions_applies_from_is_date", error.Message);
    }
}
