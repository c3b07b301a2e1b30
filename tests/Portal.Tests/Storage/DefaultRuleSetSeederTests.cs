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
    public async Task SeedAsync_RuleSetAlreadyStored_LeavesItAlone()
    {
        const string content = """{"WorkflowName":"eu","Rules":[]}""";
        await _ruleSets.AddPublishedVersionAsync(
            "eu", "stored earlier", content, RuleSetHash.Compute(content), "regulator", CancellationToken.None);

        await CreateSeeder().SeedAsync(CancellationToken.None);

        var eu = await _ruleSets.GetPublishedAsync("eu", CancellationToken.None);
        Assert.Equal(1, eu!.Version);
        Assert.Equal(content, eu.Content);
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
