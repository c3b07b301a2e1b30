using System.Globalization;
using Microsoft.Data.Sqlite;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

public sealed class DecisionRepositoryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 30, 15, TimeSpan.Zero);

    private readonly TemporaryDatabase _database = new();
    private readonly ManualTimeProvider _clock = new(Start);
    private readonly DecisionRepository _decisions;

    public DecisionRepositoryTests()
    {
        _decisions = _database.CreateDecisions(_clock);
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task AppendAsync_FirstDecision_LinksToGenesisHash()
    {
        var first = await _decisions.AppendAsync(SampleDecisions.Create(), CancellationToken.None);

        Assert.Equal(1, first.Sequence);
        Assert.Equal(new string('0', 64), first.PreviousHash);
    }

    [Fact]
    public async Task AppendAsync_ConsecutiveDecisions_LinkByContentHash()
    {
        var stored = await SampleDecisions.AppendManyAsync(_decisions, 3);

        Assert.Equal([1L, 2L, 3L], stored.Select(d => d.Sequence));
        Assert.Equal(stored[0].ContentHash, stored[1].PreviousHash);
        Assert.Equal(stored[1].ContentHash, stored[2].PreviousHash);
    }

    [Fact]
    public async Task AppendAsync_AnyDecision_StoresHashOfItsFields()
    {
        var stored = await _decisions.AppendAsync(SampleDecisions.Create(), CancellationToken.None);

        var row = _database.QuerySingle<DecisionRow>(DecisionRows.Select + " WHERE id = @Id", new { stored.Id });

        Assert.Matches("^[0-9a-f]{64}$", stored.ContentHash);
        Assert.Equal(stored.ContentHash, row.ContentHash);
        Assert.Equal(stored.ContentHash, DecisionHasher.ComputeContentHash(row));
    }

    [Fact]
    public async Task AppendAsync_AnyDecision_GetsPrefixedVersion7Id()
    {
        var stored = await _decisions.AppendAsync(SampleDecisions.Create(), CancellationToken.None);

        Assert.Matches("^dec-[0-9a-f]{32}$", stored.Id);
        Assert.Equal(7, Guid.ParseExact(stored.Id["dec-".Length..], "N").Version);
    }

    [Fact]
    public async Task AppendAsync_InjectedClock_SetsCreatedAt()
    {
        var stored = await _decisions.AppendAsync(SampleDecisions.Create(), CancellationToken.None);

        Assert.Equal(Start, stored.CreatedAt);
        string text = _database.QueryScalar<string>("SELECT created_at FROM decisions");
        Assert.Equal("2025-03-01T09:30:15.0000000+00:00", text);
    }

    [Fact]
    public async Task AppendAsync_ClockWithOffset_StoresUtc()
    {
        _clock.Now = new DateTimeOffset(2025, 3, 1, 11, 30, 15, TimeSpan.FromHours(2));

        await _decisions.AppendAsync(SampleDecisions.Create(), CancellationToken.None);

        var read = (await _decisions.ListAsync(1, 10, CancellationToken.None)).Items.Single();
        Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
        Assert.Equal(Start, read.CreatedAt);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentAppends_FormOneUnbrokenChain()
    {
        const int count = 20;

        var tasks = Enumerable.Range(1, count)
            .Select(i => Task.Run(
                () => _decisions.AppendAsync(SampleDecisions.Create($"case-{i}"), CancellationToken.None)));
        var stored = await Task.WhenAll(tasks);

        var ordered = stored.OrderBy(d => d.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), ordered.Select(d => d.Sequence));
        Assert.Equal(count, stored.Select(d => d.PreviousHash).Distinct().Count());
        for (int i = 1; i < count; i++)
        {
            Assert.Equal(ordered[i - 1].ContentHash, ordered[i].PreviousHash);
        }

        var verification = await _decisions.VerifyChainAsync(CancellationToken.None);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(count, verification.Checked);
    }

    [Fact]
    public async Task AppendAsync_TwoRepositoryInstances_ShareOneChain()
    {
        var other = _database.CreateDecisions(_clock);

        var tasks = Enumerable.Range(1, 10)
            .Select(i => Task.Run(() => (i % 2 == 0 ? _decisions : other)
                .AppendAsync(SampleDecisions.Create($"case-{i}"), CancellationToken.None)));
        await Task.WhenAll(tasks);

        var verification = await _decisions.VerifyChainAsync(CancellationToken.None);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(10, verification.Checked);
    }

    [Theory]
    [InlineData("1234.50")]
    [InlineData("0.01")]
    [InlineData("0.0000000001")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("1000000.00")]
    public async Task GetAsync_DecimalAmount_RoundTripsExactly(string amountText)
    {
        decimal amount = decimal.Parse(amountText, CultureInfo.InvariantCulture);
        var appended = await _decisions.AppendAsync(SampleDecisions.Create(amount: amount), CancellationToken.None);

        var read = await _decisions.GetAsync(appended.Id, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(amount, read.DamageAmount);
        Assert.Equal(amountText, read.DamageAmount.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(amountText, _database.QueryScalar<string>("SELECT damage_amount FROM decisions"));
    }

    [Fact]
    public async Task GetAsync_StoredDecision_ReturnsEveryField()
    {
        var evidence = await _database.CreateEvidence()
            .AddAsync("""{"accuracy":0.9}""", "test", CancellationToken.None);
        var appended = await _decisions.AppendAsync(
            SampleDecisions.Create("case-x", 250.75m, evidence.Id), CancellationToken.None);

        var read = await _decisions.GetAsync(appended.Id, CancellationToken.None);

        Assert.Equal(appended, read);
        Assert.Equal(evidence.Id, read!.EvidenceId);
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        var read = await _decisions.GetAsync("dec-00000000000000000000000000000000", CancellationToken.None);

        Assert.Null(read);
    }

    [Fact]
    public async Task AppendAsync_UnknownEvidenceId_IsRejected()
    {
        var decision = SampleDecisions.Create(evidenceId: "ev-missing");

        var error = await Assert.ThrowsAsync<SqliteException>(
            () => _decisions.AppendAsync(decision, CancellationToken.None));

        Assert.Contains("FOREIGN KEY", error.Message);
    }

    [Fact]
    public async Task AppendAsync_CaseNotJson_IsRejected()
    {
        var decision = SampleDecisions.Create() with { CaseJson = "not json" };

        var error = await Assert.ThrowsAsync<SqliteException>(
            () => _decisions.AppendAsync(decision, CancellationToken.None));

        Assert.Contains("CHECK", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("3B1F0C7E9A4D2B6F8E0C1A3D5F7B9E2C4A6D8F0B1C3E5A7D9F2B4C6E8A0D1F3B")]
    public async Task AppendAsync_RuleSetShaNotLowercaseHex_ThrowsArgumentException(string sha256)
    {
        var decision = SampleDecisions.Create() with { RuleSetSha256 = sha256 };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => _decisions.AppendAsync(decision, CancellationToken.None));
    }

    [Fact]
    public async Task AppendAsync_RejectedDecision_LeavesChainUnchanged()
    {
        await _decisions.AppendAsync(SampleDecisions.Create(), CancellationToken.None);

        await Assert.ThrowsAsync<SqliteException>(() => _decisions.AppendAsync(
            SampleDecisions.Create() with { ResultJson = "{" }, CancellationToken.None));
        var next = await _decisions.AppendAsync(SampleDecisions.Create(), CancellationToken.None);

        Assert.Equal(2, next.Sequence);
    }

    [Fact]
    public async Task ListAsync_FivePagesOfTwo_ReturnsNewestFirst()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 5);

        var first = await _decisions.ListAsync(1, 2, CancellationToken.None);
        var second = await _decisions.ListAsync(2, 2, CancellationToken.None);
        var third = await _decisions.ListAsync(3, 2, CancellationToken.None);
        var beyond = await _decisions.ListAsync(4, 2, CancellationToken.None);

        Assert.Equal([5L, 4L], first.Items.Select(d => d.Sequence));
        Assert.Equal([3L, 2L], second.Items.Select(d => d.Sequence));
        Assert.Equal([1L], third.Items.Select(d => d.Sequence));
        Assert.Empty(beyond.Items);
        Assert.All([first, second, third, beyond], p => Assert.Equal(5, p.Total));
    }

    [Fact]
    public async Task ListAsync_AnyPage_EchoesPageAndSize()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 3);

        var page = await _decisions.ListAsync(2, 2, CancellationToken.None);

        Assert.Equal(2, page.Page);
        Assert.Equal(2, page.PageSize);
    }

    [Fact]
    public async Task ListAsync_Summary_CarriesDecisionFields()
    {
        var stored = await _decisions.AppendAsync(SampleDecisions.Create("case-y", 99.90m), CancellationToken.None);

        var item = (await _decisions.ListAsync(1, 10, CancellationToken.None)).Items.Single();

        var expected = new DecisionSummary(
            stored.Sequence, stored.Id, stored.CreatedAt, "case-y", "eu", 1, 99.90m, "EUR");
        Assert.Equal(expected, item);
    }

    [Fact]
    public async Task ListAsync_EmptyLog_ReturnsNoItems()
    {
        var page = await _decisions.ListAsync(1, 20, CancellationToken.None);

        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 0)]
    [InlineData(1, DecisionRepository.MaxPageSize + 1)]
    public async Task ListAsync_PageOutOfRange_Throws(int page, int pageSize)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _decisions.ListAsync(page, pageSize, CancellationToken.None));
    }

    [Fact]
    public async Task CountAsync_AfterAppends_CountsEveryDecision()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 4);

        Assert.Equal(4, await _decisions.CountAsync(CancellationToken.None));
    }
}
