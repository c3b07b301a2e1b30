using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Api;

/// <summary><c>GET /api/v1/rule-sets</c> and <c>POST /api/v1/rule-sets/{name}/scenario-runs</c> on the real portal.</summary>
public sealed class RuleSetApiTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    private async Task<(HttpStatusCode Status, JsonNode Body)> RunScenariosAsync(string name)
    {
        var response = await _client.PostAsync($"/api/v1/rule-sets/{name}/scenario-runs", null);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>Publishes <paramref name="content"/> as the next version of its rule set, as a regulator would.</summary>
    private async Task PublishAsync(string name, string content) =>
        await _factory.Services.GetRequiredService<RuleSetRepository>().AddPublishedVersionAsync(
            name, "A copy for tests.", content, RuleSetHash.Compute(content), "test", CancellationToken.None);

    [Fact]
    public async Task ListRuleSets_ShowsDefaultsWithVersionAndHash()
    {
        var list = JsonNode.Parse(await _client.GetStringAsync("/api/v1/rule-sets"))!;

        var items = list["items"]!.AsArray();
        Assert.Equal(ScenarioCases.DefaultRuleSets.Order(StringComparer.Ordinal), items.Select(i => i!["name"]!.GetValue<string>()));
        foreach (var item in items)
        {
            string name = item!["name"]!.GetValue<string>();
            string expectedSha256 = Convert.ToHexStringLower(
                SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(ScenarioCases.RuleSetPath(name)))));
            var version = Assert.Single(item["versions"]!.AsArray())!;
            Assert.Equal(1, item["publishedVersion"]!.GetValue<int>());
            Assert.Equal(1, version["version"]!.GetValue<int>());
            Assert.Equal("published", version["status"]!.GetValue<string>());
            Assert.Equal(expectedSha256, version["sha256"]!.GetValue<string>());
            Assert.NotNull(version["publishedAt"]);
        }
    }

    [Fact]
    public async Task ListRuleSets_NewVersion_ListedAfterFirst()
    {
        string content = File.ReadAllText(ScenarioCases.RuleSetPath("cn")).Replace("\"Description\": \"", "\"Description\": \"Edited. ");
        await PublishAsync("cn", content);

        var list = JsonNode.Parse(await _client.GetStringAsync("/api/v1/rule-sets"))!;

        var cn = list["items"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "cn")!;
        Assert.Equal(2, cn["publishedVersion"]!.GetValue<int>());
        Assert.Equal([1, 2], cn["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal(RuleSetHash.Compute(content), cn["versions"]![1]!["sha256"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(ScenarioCases.RuleSetNames), MemberType = typeof(ScenarioCases))]
    public async Task RunScenarios_DefaultRuleSet_AllPass(string ruleSet)
    {
        var expectedNames = ScenarioCases.Read(ruleSet).Select(s => s.Name).ToList();

        var (status, run) = await RunScenariosAsync(ruleSet);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ruleSet, run["ruleSet"]!["name"]!.GetValue<string>());
        Assert.Equal(1, run["ruleSet"]!["version"]!.GetValue<int>());
        Assert.Equal(expectedNames.Count, run["passed"]!.GetValue<int>());
        Assert.Equal(0, run["failed"]!.GetValue<int>());
        Assert.Equal(expectedNames, run["scenarios"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));
        Assert.All(run["scenarios"]!.AsArray(), s => Assert.True(s!["passed"]!.GetValue<bool>(), s.ToJsonString()));
        Assert.Null(run["message"]);
    }

    [Fact]
    public async Task RunScenarios_UsesLatestPublishedVersion()
    {
        var changed = JsonNode.Parse(File.ReadAllText(ScenarioCases.RuleSetPath("eu")))!;
        foreach (var rule in changed["Rules"]!.AsArray())
        {
            rule!["Expression"] = "false";
        }

        await PublishAsync("eu", changed.ToJsonString());

        var (status, run) = await RunScenariosAsync("eu");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, run["ruleSet"]!["version"]!.GetValue<int>());
        Assert.True(run["failed"]!.GetValue<int>() > 0);
        var failed = run["scenarios"]!.AsArray().First(s => !s!["passed"]!.GetValue<bool>())!;
        Assert.Contains(failed["failures"]!.AsArray(), f => f!.GetValue<string>().StartsWith("fired [], expected [", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunScenarios_NoScenariosFile_ReturnsEmptyList()
    {
        string content = File.ReadAllText(ScenarioCases.RuleSetPath("us-pure"))
            .Replace("\"WorkflowName\": \"us-pure\"", "\"WorkflowName\": \"us-pure-copy\"");
        await PublishAsync("us-pure-copy", content);

        var (status, run) = await RunScenariosAsync("us-pure-copy");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(run["scenarios"]!.AsArray());
        Assert.Equal(0, run["passed"]!.GetValue<int>());
        Assert.Contains("No scenarios ship for 'us-pure-copy'", run["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunScenarios_UnknownRuleSet_Returns404Problem()
    {
        var response = await _client.PostAsync("/api/v1/rule-sets/atlantis/scenario-runs", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Rule set not found.", problem["title"]!.GetValue<string>());
        Assert.Contains("'atlantis'", problem["detail"]!.GetValue<string>());
        Assert.Contains("eu", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunScenarios_NoPublishedVersion_Returns409()
    {
        // The portal has no way yet to store a draft, so the rule set is inserted without any version.
        DatabaseFile.Execute(
            _factory,
            "INSERT INTO rule_sets (name, description, created_at) VALUES ('draft-only', NULL, '2026-01-01T00:00:00.0000000+00:00')");

        var (status, problem) = await RunScenariosAsync("draft-only");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("publish a version first", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunScenarios_InvalidName_Returns400NamingValue()
    {
        var (status, problem) = await RunScenariosAsync("EU_2024");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        string message = problem["errors"]!["name"]![0]!.GetValue<string>();
        Assert.Contains("'EU_2024'", message);
        Assert.Contains("lower-case letters, digits and hyphens", message);
    }

    [Fact]
    public async Task RunScenarios_EncodedPathName_Returns400()
    {
        var (status, problem) = await RunScenariosAsync("..%2F..%2Feu");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(problem["errors"]!["name"]);
    }
}
