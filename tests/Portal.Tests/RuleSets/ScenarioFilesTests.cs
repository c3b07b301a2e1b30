using PolicyEngine.Portal.RuleSets;

namespace PolicyEngine.Portal.Tests.RuleSets;

/// <summary>Scenario files read from a temporary folder.</summary>
public sealed class ScenarioFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policyengine-scenarios-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Load_ShippedFile_ParsesEveryScenario()
    {
        var files = new ScenarioFiles(ScenarioFiles.DefaultFolder);

        var scenarios = await files.LoadAsync("eu", CancellationToken.None);

        Assert.NotNull(scenarios);
        Assert.Equal(Infrastructure.ScenarioCases.Read("eu").Select(s => s.Name), scenarios.Select(s => s.Name));
    }

    [Fact]
    public async Task Load_NoFile_ReturnsNull()
    {
        var files = new ScenarioFiles(_folder);

        Assert.Null(await files.LoadAsync("eu", CancellationToken.None));
    }

    [Theory]
    [InlineData("../eu")]
    [InlineData("EU")]
    [InlineData("eu\n")]
    [InlineData("")]
    public async Task Load_NotRuleSetName_Throws(string name)
    {
        File.WriteAllText(Path.Combine(_folder, "eu.scenarios.json"), """{ "scenarios": [] }""");
        var files = new ScenarioFiles(_folder);

        await Assert.ThrowsAsync<ArgumentException>(() => files.LoadAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task Load_ScenarioWithoutExpect_ThrowsNamingFileAndIndex()
    {
        File.WriteAllText(
            Path.Combine(_folder, "eu.scenarios.json"),
            """{ "scenarios": [ { "name": "incomplete", "case": {} } ] }""");
        var files = new ScenarioFiles(_folder);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => files.LoadAsync("eu", CancellationToken.None));

        Assert.Contains("eu.scenarios.json", error.Message);
        Assert.Contains("scenarios[0]", error.Message);
        Assert.Contains("\"expect\" is missing", error.Message);
    }

    [Fact]
    public void ListRuleSetNames_ListsValidNamesInOrder()
    {
        File.WriteAllText(Path.Combine(_folder, "us-pure.scenarios.json"), "{}");
        File.WriteAllText(Path.Combine(_folder, "cn.scenarios.json"), "{}");
        File.WriteAllText(Path.Combine(_folder, "Not Valid.scenarios.json"), "{}");
        File.WriteAllText(Path.Combine(_folder, "eu.json"), "{}");

        var names = new ScenarioFiles(_folder).ListRuleSetNames();

        Assert.Equal(["cn", "us-pure"], names);
    }

    [Fact]
    public void ListRuleSetNames_MissingFolder_IsEmpty()
    {
        var names = new ScenarioFiles(Path.Combine(_folder, "missing")).ListRuleSetNames();

        Assert.Empty(names);
    }
}
