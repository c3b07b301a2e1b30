using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

/// <summary>Filtered listing and export of decisions in SQL over a real SQLite file.</summary>
public sealed class DecisionFilterTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.Zero));
    private readonly DecisionRepository _decisions;

    public DecisionFilterTests()
    {
        _decisions = _database.CreateDecisions(_clock);
    }

    public void Dispose() => _database.Dispose();

    /// <summary>
    /// Appends four decisions, one a day from 2026-03-01 23:30 UTC: A-100 (eu v1, developer pays
    /// all), b-200 (eu v2, deployer pays all), A%_300 (cn v1, developer 0 and user all) and
    /// =SUM(1) (cn v1, injured person keeps all).
    /// </summary>
    private async Task AppendSamplesAsync()
    {
        await AppendAsync("A-100", "eu", 1, ("developer", 100m));
        await AppendAsync("b-200", "eu", 2, ("deployer", 100m));
        await AppendAsync("A%_300", "cn", 1, ("developer", 0m), ("user", 100m));
        await AppendAsync("=SUM(1)", "cn", 1, ("injured-person", 100m));
    }

    private async Task AppendAsync(string reference, string ruleSet, int version, params (string Party, decimal Amount)[] shares)
    {
        string sharesJson = string.Join(",", shares.Select(s => $$"""{"party":"{{s.Party}}","amount":{{s.Amount}},"percent":{{s.Amount}}}"""));
        var decision = SampleDecisions.Create(reference, 100m) with
        {
            RuleSetName = ruleSet,
            RuleSetVersion = version,
            ResultJson = $$"""{"shares":[{{sharesJson}}]}""",
        };
        await _decisions.AppendAsync(decision, CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
    }

    private async Task<List<string>> ReferencesAsync(DecisionFilter filter)
    {
        var page = await _decisions.ListAsync(filter, 1, 50, CancellationToken.None);
        Assert.Equal(page.Items.Count, page.Total);
        return page.Items.Select(d => d.Reference).ToList();
    }

    [Fact]
    public async Task List_NoFilter_ReturnsAllNewestFirst()
    {
        await AppendSamplesAsync();

        Assert.Equal(["=SUM(1)", "A%_300", "b-200", "A-100"], await ReferencesAsync(DecisionFilter.None));
    }

    [Fact]
    public async Task List_RuleSetAndVersion_Match()
    {
        await AppendSamplesAsync();

        Assert.Equal(["b-200", "A-100"], await ReferencesAsync(new DecisionFilter { RuleSetName = "eu" }));
        Assert.Equal(["b-200"], await ReferencesAsync(new DecisionFilter { RuleSetName = "eu", RuleSetVersion = 2 }));
    }

    [Fact]
    public async Task List_Party_NeedsNonZeroShare()
    {
        await AppendSamplesAsync();

        Assert.Equal(["A-100"], await ReferencesAsync(new DecisionFilter { Party = "developer" }));
        Assert.Equal(["A%_300"], await ReferencesAsync(new DecisionFilter { Party = "user" }));
        Assert.Equal(["=SUM(1)"], await ReferencesAsync(new DecisionFilter { Party = "injured-person" }));
    }

    [Fact]
    public async Task List_DateRange_IsInclusiveUtcDays()
    {
        await AppendSamplesAsync();

        var filter = new DecisionFilter { From = new DateOnly(2026, 3, 2), To = new DateOnly(2026, 3, 3) };

        Assert.Equal(["A%_300", "b-200"], await ReferencesAsync(filter));
        Assert.Equal(["A-100"], await ReferencesAsync(new DecisionFilter { To = new DateOnly(2026, 3, 1) }));
    }

    [Fact]
    public async Task List_ReferenceText_IgnoresCaseAndWildcards()
    {
        await AppendSamplesAsync();

        Assert.Equal(["b-200"], await ReferencesAsync(new DecisionFilter { ReferenceContains = "B-2" }));
        Assert.Equal(["A%_300"], await ReferencesAsync(new DecisionFilter { ReferenceContains = "%_" }));
        Assert.Equal(["A%_300", "A-100"], await ReferencesAsync(new DecisionFilter { ReferenceContains = "a" }));
    }

    [Fact]
    public async Task List_QuoteInValue_IsParameter()
    {
        await AppendSamplesAsync();

        var filter = new DecisionFilter { ReferenceContains = "' OR 1=1 --", RuleSetName = "eu' OR '1'='1" };

        Assert.Empty(await ReferencesAsync(filter));
    }

    [Fact]
    public async Task List_FilteredPaging_CountsMatchesOnly()
    {
        await AppendSamplesAsync();

        var page = await _decisions.ListAsync(new DecisionFilter { RuleSetName = "cn" }, 2, 1, CancellationToken.None);

        Assert.Equal(2, page.Total);
        Assert.Equal("A%_300", Assert.Single(page.Items).Reference);
    }

    [Fact]
    public async Task Export_Filter_StreamsMatchingRows()
    {
        await AppendSamplesAsync();

        var exported = new List<StoredDecision>();
        await foreach (var decision in _decisions.ExportAsync(new DecisionFilter { RuleSetName = "cn" }, CancellationToken.None))
        {
            exported.Add(decision);
        }

        Assert.Equal(["=SUM(1)", "A%_300"], exported.Select(d => d.Reference));
        Assert.Equal([4L, 3L], exported.Select(d => d.Sequence));
    }
}
