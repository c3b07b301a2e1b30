using Microsoft.Extensions.DependencyInjection;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Hosting;
using PolicyEngine.Portal.Storage;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Api;

/// <summary>The scenarios command run against the default rule sets stored by a real portal.</summary>
public sealed class ScenarioCommandTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("eu")]
    [InlineData("cn")]
    [InlineData("us-pure")]
    [InlineData("us-modified-51")]
    public async Task ScenariosRun_DefaultRuleSet_AllPass(string ruleSet)
    {
        _factory.CreateClient();

        int exitCode = await ScenarioCommand.RunAsync(_factory.Services, ruleSet);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task ScenariosRun_UnknownRuleSet_ExitsTwo()
    {
        _factory.CreateClient();

        int exitCode = await ScenarioCommand.RunAsync(_factory.Services, "atlantis");

        Assert.Equal(2, exitCode);
    }

    [Fact]
    public async Task ScenariosRun_RuleSetWithoutScenarios_ExitsTwo()
    {
        _factory.CreateClient();
        string content = File.ReadAllText(ScenarioCases.RuleSetPath("eu")).Replace("\"WorkflowName\": \"eu\"", "\"WorkflowName\": \"eu-copy\"");
        await _factory.Services.GetRequiredService<RuleSetRepository>().AddPublishedVersionAsync(
            "eu-copy", null, content, RuleSetHash.Compute(content), "test", CancellationToken.None);

        int exitCode = await ScenarioCommand.RunAsync(_factory.Services, "eu-copy");

        Assert.Equal(2, exitCode);
    }
}
