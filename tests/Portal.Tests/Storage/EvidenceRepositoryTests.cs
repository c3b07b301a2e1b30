using Microsoft.Data.Sqlite;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

public sealed class EvidenceRepositoryTests : IDisposable
{
    private const string Content = """{"accuracy":0.912,"model":"cnn-ü"}""";

    // SHA-256 of Content's UTF-8 bytes, computed with `printf '%s' '{"accuracy":0.912,"model":"cnn-ü"}' | sha256sum`.
    private const string ContentSha256 = "838ccc1e71bc2f4256e81298c6139223c0c441c7be6da2cce48b621a40befe8a";

    private static readonly DateTimeOffset Start = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private readonly TemporaryDatabase _database = new();
    private readonly EvidenceRepository _evidence;

    public EvidenceRepositoryTests()
    {
        _evidence = _database.CreateEvidence(new ManualTimeProvider(Start));
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task AddAsync_AnyRecord_HashesUtf8Content()
    {
        var stored = await _evidence.AddAsync(Content, "evaluation", CancellationToken.None);

        Assert.Equal(ContentSha256, stored.Sha256);
    }

    [Fact]
    public async Task ListAsync_WholeAndFractionalAccuracies_ReadsEach()
    {
        await _evidence.AddAsync("""{"metrics":{"accuracy":0.9124,"sampleSize":500}}""", "evaluation", CancellationToken.None);
        await _evidence.AddAsync("""{"metrics":{"accuracy":1,"sampleSize":2}}""", "evaluation", CancellationToken.None);
        await _evidence.AddAsync("""{"metrics":{"accuracy":0,"sampleSize":2}}""", "evaluation", CancellationToken.None);

        var page = await _evidence.ListAsync(1, 10, CancellationToken.None);

        Assert.Equal([1.0, 0.9124, 0.0], page.Items.Select(i => i.Accuracy!.Value).OrderDescending().ToArray());
        Assert.Equal([500L, 2L, 2L], page.Items.Select(i => i.SampleSize!.Value).OrderDescending().ToArray());
    }

    [Fact]
    public async Task AddAsync_AnyRecord_GetsPrefixedVersion7Id()
    {
        var stored = await _evidence.AddAsync(Content, "evaluation", CancellationToken.None);

        Assert.Matches("^ev-[0-9a-f]{32}$", stored.Id);
        Assert.Equal(7, Guid.ParseExact(stored.Id["ev-".Length..], "N").Version);
    }

    [Fact]
    public async Task GetAsync_StoredRecord_ReturnsEveryField()
    {
        var stored = await _evidence.AddAsync(Content, "evaluation", CancellationToken.None);

        var read = await _evidence.GetAsync(stored.Id, CancellationToken.None);

        Assert.Equal(new EvidenceRecord(stored.Id, Start, "evaluation", Content, ContentSha256), read);
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await _evidence.GetAsync("ev-missing", CancellationToken.None));
    }

    [Fact]
    public async Task AddAsync_ContentNotJson_IsRejected()
    {
        await Assert.ThrowsAsync<SqliteException>(
            () => _evidence.AddAsync("accuracy=0.9", "evaluation", CancellationToken.None));
    }

    [Fact]
    public async Task Update_StoredRecord_IsRejectedByTrigger()
    {
        await _evidence.AddAsync(Content, "evaluation", CancellationToken.None);

        var error = Assert.Throws<SqliteException>(() => _database.Execute("UPDATE evidence SET content = '{}'"));

        Assert.Contains("evidence records are immutable", error.Message);
    }

    [Fact]
    public async Task Delete_StoredRecord_IsRejectedByTrigger()
    {
        await _evidence.AddAsync(Content, "evaluation", CancellationToken.None);

        var error = Assert.Throws<SqliteException>(() => _database.Execute("DELETE FROM evidence"));

        Assert.Contains("evidence records are immutable", error.Message);
    }
}
