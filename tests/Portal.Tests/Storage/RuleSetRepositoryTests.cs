using Microsoft.Data.Sqlite;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

public sealed class RuleSetRepositoryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 4, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDatabase _database = new();
    private readonly ManualTimeProvider _clock = new(Start);
    private readonly RuleSetRepository _ruleSets;

    public RuleSetRepositoryTests()
    {
        _ruleSets = _database.CreateRuleSets(_clock);
    }

    public void Dispose() => _database.Dispose();

    private static string Content(string name, int revision = 1) =>
        $$"""{"WorkflowName":"{{name}}","Description":"revision {{revision}}","AppliesFrom":"2024-08-01","Rules":[]}""";

    private Task<RuleSetVersion> PublishAsync(string name, string? description = null, int revision = 1)
    {
        string content = Content(name, revision);
        return _ruleSets.AddPublishedVersionAsync(
            name, description, content, RuleSetHash.Compute(content), "regulator@example.org", CancellationToken.None);
    }

    [Fact]
    public async Task AddPublishedVersionAsync_NewName_StoresVersionOne()
    {
        var stored = await PublishAsync("eu", "EU rules");

        var expected = new RuleSetVersion(
            "eu", 1, RuleSetStatus.Published, Content("eu"), RuleSetHash.Compute(Content("eu")),
            Start, "regulator@example.org", Start, "regulator@example.org")
        {
            AppliesFrom = new DateOnly(2024, 8, 1),
        };
        Assert.Equal(expected, stored);
        Assert.Equal(expected, await _ruleSets.GetVersionAsync("eu", 1, CancellationToken.None));
    }

    [Fact]
    public async Task AddPublishedVersionAsync_ExistingName_IncrementsVersion()
    {
        await PublishAsync("eu");
        _clock.Advance(TimeSpan.FromDays(1));

        var second = await PublishAsync("eu", revision: 2);

        Assert.Equal(2, second.Version);
        Assert.Equal(Start.AddDays(1), second.PublishedAt);
    }

    [Fact]
    public async Task AddPublishedVersionAsync_ExistingName_KeepsDescriptionAndCreationTime()
    {
        await PublishAsync("eu", "first description");
        _clock.Advance(TimeSpan.FromDays(1));

        await PublishAsync("eu", "second description", revision: 2);

        var summary = Assert.Single(await _ruleSets.ListAsync(CancellationToken.None));
        Assert.Equal("first description", summary.Description);
        Assert.Equal(Start, summary.CreatedAt);
    }

    [Fact]
    public async Task AddPublishedVersionAsync_ConcurrentCalls_GetDistinctVersions()
    {
        var tasks = Enumerable.Range(1, 10).Select(i => Task.Run(() => PublishAsync("eu", revision: i)));

        var stored = await Task.WhenAll(tasks);

        Assert.Equal(Enumerable.Range(1, 10), stored.Select(v => v.Version).Order());
    }

    [Fact]
    public async Task AddPublishedVersionAsync_ShaOfOtherContent_ThrowsArgumentException()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _ruleSets.AddPublishedVersionAsync(
            "eu", null, Content("eu"), RuleSetHash.Compute(Content("eu", 2)), "regulator", CancellationToken.None));

        Assert.Equal("sha256", error.ParamName);
    }

    [Fact]
    public async Task GetPublishedAsync_SeveralVersions_ReturnsHighest()
    {
        await PublishAsync("eu");
        await PublishAsync("eu", revision: 2);

        var published = await _ruleSets.GetPublishedAsync("eu", CancellationToken.None);

        Assert.NotNull(published);
        Assert.Equal(2, published.Version);
        Assert.Equal(Content("eu", 2), published.Content);
    }

    [Fact]
    public async Task GetPublishedAsync_UnknownName_ReturnsNull()
    {
        await PublishAsync("eu");

        Assert.Null(await _ruleSets.GetPublishedAsync("cn", CancellationToken.None));
    }

    [Fact]
    public async Task GetPublishedAsync_NewerDraft_ReturnsPublishedVersion()
    {
        await PublishAsync("eu");
        InsertDraft("eu", 2);

        var published = await _ruleSets.GetPublishedAsync("eu", CancellationToken.None);

        Assert.Equal(1, published!.Version);
    }

    [Fact]
    public async Task GetVersionAsync_Draft_ReturnsIt()
    {
        await PublishAsync("eu");
        InsertDraft("eu", 2);

        var draft = await _ruleSets.GetVersionAsync("eu", 2, CancellationToken.None);

        Assert.NotNull(draft);
        Assert.Equal(RuleSetStatus.Draft, draft.Status);
        Assert.Null(draft.PublishedAt);
        Assert.Null(draft.PublishedBy);
    }

    [Fact]
    public async Task GetVersionAsync_UnknownVersion_ReturnsNull()
    {
        await PublishAsync("eu");

        Assert.Null(await _ruleSets.GetVersionAsync("eu", 2, CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_SeveralRuleSets_ReturnsByNameWithPublishedVersion()
    {
        await PublishAsync("us-pure");
        await PublishAsync("eu");
        await PublishAsync("eu", revision: 2);
        _database.Execute(
            """
            INSERT INTO rule_sets (name, description, created_at)
            VALUES ('cn', NULL, '2025-04-02T08:00:00.0000000+00:00')
            """);
        InsertDraft("cn", 1);

        var list = await _ruleSets.ListAsync(CancellationToken.None);

        Assert.Equal(["cn", "eu", "us-pure"], list.Select(r => r.Name));
        Assert.Equal([null, 2, 1], list.Select(r => r.PublishedVersion));
    }

    [Fact]
    public async Task Update_PublishedContent_IsRejectedByTrigger()
    {
        await PublishAsync("eu");

        var error = Assert.Throws<SqliteException>(() => _database.Execute(
            "UPDATE rule_set_versions SET content = '{}', sha256 = @sha WHERE rule_set_name = 'eu'",
            new { sha = RuleSetHash.Compute("{}") }));

        Assert.Contains("published rule-set versions are frozen", error.Message);
        Assert.Equal(Content("eu"), (await _ruleSets.GetVersionAsync("eu", 1, CancellationToken.None))!.Content);
    }

    [Fact]
    public async Task Update_PublishedBy_IsRejectedByTrigger()
    {
        await PublishAsync("eu");

        var error = Assert.Throws<SqliteException>(() => _database.Execute(
            "UPDATE rule_set_versions SET published_by = 'someone else' WHERE rule_set_name = 'eu'"));

        Assert.Contains("published rule-set versions are frozen", error.Message);
    }

    [Fact]
    public async Task Delete_PublishedVersion_IsRejectedByTrigger()
    {
        await PublishAsync("eu");

        var error = Assert.Throws<SqliteException>(() => _database.Execute("DELETE FROM rule_set_versions"));

        Assert.Contains("published rule-set versions cannot be deleted", error.Message);
    }

    [Fact]
    public async Task Update_Draft_IsAllowed()
    {
        await PublishAsync("eu");
        InsertDraft("eu", 2);

        int changed = _database.Execute(
            """
            UPDATE rule_set_versions
            SET status = 'published', published_at = '2025-04-03T08:00:00.0000000+00:00', published_by = 'regulator'
            WHERE rule_set_name = 'eu' AND version = 2
            """);

        Assert.Equal(1, changed);
        Assert.Equal(2, (await _ruleSets.GetPublishedAsync("eu", CancellationToken.None))!.Version);
    }

    private void InsertDraft(string name, int version)
    {
        string content = Content(name, version);
        _database.Execute(
            """
            INSERT INTO rule_set_versions (rule_set_name, version, status, content, sha256, created_at, created_by)
            VALUES (@name, @version, 'draft', @content, @sha256, '2025-04-02T09:00:00.0000000+00:00', 'regulator')
            """,
            new { name, version, content, sha256 = RuleSetHash.Compute(content) });
    }
}
