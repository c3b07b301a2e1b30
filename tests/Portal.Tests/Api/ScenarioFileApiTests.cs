using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PolicyEngine.Engine.Apportionment;
using PolicyEngine.Engine.Scenarios;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Api;

/// <summary>
/// Posts the case of every file in <c>tests/scenarios</c> to the real portal and checks the
/// decision it returns against the file's expectations.
/// </summary>
public sealed class ScenarioFileApiTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    [Theory]
    [MemberData(nameof(ScenarioFiles.All), MemberType = typeof(ScenarioFiles))]
    public async Task PostScenarioCase_ReturnsExpectedDecision(string fileName)
    {
        string json = ScenarioFiles.Read(fileName);
        var scenario = ScenarioRunner.ParseSingle(Path.GetFileNameWithoutExtension(fileName), json);
        string caseJson = JsonNode.Parse(json)!["case"]!.ToJsonString();

        var response = await _client.PostAsync("/api/v1/decisions", new StringContent(caseJson, Encoding.UTF8, "application/json"));

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{fileName}: {(int)response.StatusCode} {body}");
        var decision = JsonNode.Parse(body)!;
        var parties = decision["shares"]!.AsArray().Select(s => s!["party"]!.GetValue<string>());
        Assert.Equal(scenario.Shares.Keys.Order(StringComparer.Ordinal), parties.Order(StringComparer.Ordinal));
        foreach (var share in decision["shares"]!.AsArray())
        {
            string party = share!["party"]!.GetValue<string>();
            decimal amount = share["amount"]!.GetValue<decimal>();
            Assert.True(amount == scenario.Shares[party], $"{fileName}: {party} pays {amount}, expected {scenario.Shares[party]}");
        }

        if (scenario.Method is { } method)
        {
            string actual = decision["method"]!.GetValue<string>();
            Assert.True(actual == method.ToName(), $"{fileName}: method is {actual}, expected {method.ToName()}");
        }

        if (scenario.JointAndSeveral is { } joint)
        {
            bool actual = decision["jointAndSeveral"]!.GetValue<bool>();
            Assert.True(actual == joint, $"{fileName}: jointAndSeveral is {actual}, expected {joint}");
        }

        if (scenario.Fired is { } fired)
        {
            var actual = decision["findings"]!.AsArray().Select(f => f!["rule"]!.GetValue<string>()).ToList();
            Assert.True(actual.SequenceEqual(fired), $"{fileName}: fired [{string.Join(", ", actual)}], expected [{string.Join(", ", fired)}]");
        }
    }
}
