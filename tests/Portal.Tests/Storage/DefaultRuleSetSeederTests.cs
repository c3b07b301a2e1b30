using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

public sealed class DefaultRuleSetSeederTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly RuleSetRepository _ruleSets;

    public DefaultRuleSetSeederTests()
    {
        _ruleSets = _database.CreateRuleSets();
    }

    public void Dispose() => _database.Dispose();

    private DefaultRuleSetSeeder CreateSeeder(string? folder = null) =>
        new(_ruleSets, new LiabilityEngine(), NullLogger<DefaultRuleSetSeeder>.Instance, folder);

    [Fact]
    public async Task SeedAsync_ShippedFiles_StoresEuVersionOne()
    {
        // The build copies rulesets/*.json from the repository into RuleSets beside the tests.
        string file = Path.Combine(DefaultRuleSetSeeder.DefaultFolder, "eu.json");
        string content = await File.ReadAllTextAsync(file);

        await CreateSeeder().SeedAsync(CancellationToken.None);

        var eu = await _ruleSets.GetPublishedAsync("eu", CancellationToken.None);
        Assert.NotNull(eu);
        Assert.Equal(1, eu.Version);
        Assert.Equal(content, eu.Content);
        Assert.Equal(RuleSetHash.Compute(content), eu.Sha256);
        Assert.Equal(DefaultRuleSetSeeder.PublishedBy, eu.PublishedBy);
    }

    [Fact]
    public async Task SeedAsync_SecondRun_StoresNothingNew()
    {
        var seeder = CreateSeeder();
        await seeder.SeedAsync(CancellationToken.None);
        var before = await _ruleSets.ListAsync(CancellationToken.None);

        await seeder.SeedAsync(CancellationToken.None);

        Assert.Equal(before, await _ruleSets.ListAsync(CancellationToken.None));
        Assert.Null(await _ruleSets.GetVersionAsync("eu", 2, CancellationToken.None));
    }

    [Fact]
    public async Task SeedAsync_StoredVersionDiffers_PublishesFileAsNextVersion()
    {
        string file = await File.ReadAllTextAsync(Path.Combine(DefaultRuleSetSeeder.DefaultFolder, "eu.json"));
        const string earlier = """{"WorkflowName":"eu","AppliesFrom":"2024-08-01","Rules":[]}""";
        await _ruleSets.AddPublishedVersionAsync(
            "eu", "stored earlier", earlier, RuleSetHash.Compute(earlier), "regulator", CancellationToken.None);

        await CreateSeeder().SeedAsync(CancellationToken.None);

        Assert.Equal(earlier, (await _ruleSets.GetVersionAsync("eu", 1, CancellationToken.None))!.Content);
        var published = await _ruleSets.GetVersionAsync("eu", 2, CancellationToken.None);
        Assert.NotNull(published);
        Assert.Equal(file, published.Content);
        Assert.Equal(RuleSetStatus.Published, published.Status);
        Assert.Equal(DefaultRuleSetSeeder.PublishedBy, published.PublishedBy);
        Assert.Equal("stored earlier", (await _ruleSets.ListAsync(CancellationToken.None)).Single(r => r.Name == "eu").Description);
    }

    [Fact]
    public async Task SeedAsync_StoredVersionWithoutDates_PublishesFileThatDecides()
    {
        const string legacy = """{"WorkflowName":"eu","Description":"stored before versions carried dates","Rules":[]}""";
        await _ruleSets.AddPublishedVersionAsync(
            "eu", null, legacy, RuleSetHash.Compute(legacy), "system", CancellationToken.None);
        Assert.Null(await _ruleSets.GetInForceAsync("eu", new DateOnly(2026, 3, 14), CancellationToken.None));

        await CreateSeeder().SeedAsync(CancellationToken.None);

        var inForce = await _ruleSets.GetInForceAsync("eu", new DateOnly(2026, 3, 14), CancellationToken.None);
        Assert.NotNull(inForce);
        Assert.Equal(2, inForce.Version);
        Assert.Equal(new DateOnly(2024, 8, 1), inForce.AppliesFrom);
    }

    [Fact]
    public async Task SeedAsync_FileMatchesOlderVersion_StoresNothing()
    {
        string file = await File.ReadAllTextAsync(Path.Combine(DefaultRuleSetSeeder.DefaultFolder, "eu.json"));
        await _ruleSets.AddPublishedVersionAsync("eu", null, file, RuleSetHash.Compute(file), "system", CancellationToken.None);
        string later = file.Replace("\"AppliesFrom\": \"2024-08-01\"", "\"AppliesFrom\": \"2027-01-01\"", StringComparison.Ordinal);
        Assert.NotEqual(file, later);
        await _ruleSets.AddPublishedVersionAsync("eu", null, later, RuleSetHash.Compute(later), "regulator", CancellationToken.None);

        await CreateSeeder().SeedAsync(CancellationToken.None);

        Assert.Equal([1, 2], (await _ruleSets.ListVersionsAsync("eu", CancellationToken.None)).Select(v => v.Version));
    }

    [Fact]
    public async Task SeedAsync_ChangedFile_LogsWarningWithNewVersion()
    {
        const string earlier = """{"WorkflowName":"eu","AppliesFrom":"2024-08-01","Rules":[]}""";
        await _ruleSets.AddPublishedVersionAsync("eu", null, earlier, RuleSetHash.Compute(earlier), "regulator", CancellationToken.None);
        var logger = new CollectingLogger<DefaultRuleSetSeeder>();

        await new DefaultRuleSetSeeder(_ruleSets, new LiabilityEngine(), logger).SeedAsync(CancellationToken.None);

        var entry = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("eu", entry.Values["RuleSet"]);
        Assert.Equal(2, entry.Values["Version"]);
        Assert.Equal("from 2024-08-01 with no end date", entry.Values["Period"]);
    }

    [Fact]
    public async Task SeedAsync_InvalidFile_ThrowsNamingFile()
    {
        string folder = Path.Combine(_database.Folder, "rulesets");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "broken.json"), """{"WorkflowName":"broken"}""");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => CreateSeeder(folder).SeedAsync(CancellationToken.None));

        Assert.Contains("broken.json", error.Message);
        Assert.IsType<RuleSetException>(error.InnerException);
    }

    [Fact]
    public async Task SeedAsync_MissingFolder_ThrowsDirectoryNotFound()
    {
        string folder = Path.Combine(_database.Folder, "no-such-folder");

        await Assert.ThrowsAsync<DirectoryNotFoundException>(
            () => CreateSeeder(folder).SeedAsync(CancellationToken.None));
    }
}
