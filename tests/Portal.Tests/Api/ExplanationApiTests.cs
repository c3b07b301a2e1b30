using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Api;

/// <summary>The explanation in a decision: what each rule read, and decisions left incomplete by a missing input.</summary>
public sealed class ExplanationApiTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    private async Task<JsonNode> DecideAsync(JsonNode body)
    {
        var response = await _client.PostAsync("/api/v1/decisions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!;
    }

    private static JsonNode Rule(JsonNode decision, string name) =>
        decision["rules"]!.AsArray().Single(r => r!["rule"]!.GetValue<string>() == name)!;

    private static JsonNode? ValueRead(JsonNode owner, string input) =>
        owner["reads"]!.AsArray().Single(r => r!["input"]!.GetValue<string>() == input)!["value"];

    [Fact]
    public async Task DecisionPageJson_MatchesApiForSignedInReader()
    {
        var decision = await DecideAsync(JsonNode.Parse(Samples.ReadCase("hospital-triage-missed-accuracy.json"))!);
        string id = decision["id"]!.GetValue<string>();
        var browser = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);

        var response = await browser.GetAsync($"/decisions/{id}?handler=Json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var fromPage = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var fromApi = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/decisions/{id}"))!;
        Assert.True(JsonNode.DeepEquals(fromApi, fromPage), fromPage.ToJsonString());
    }

    [Fact]
    public async Task Decision_ExplainsEachShareWithValuesRead()
    {
        var decision = await DecideAsync(JsonNode.Parse(Samples.ReadCase("hospital-triage-missed-accuracy.json"))!);

        var developer = decision["shares"]![0]!;
        Assert.Equal(["DeveloperBreachedDeclaredAccuracyDuty"], developer["findings"]!.AsArray().Select(n => n!.GetValue<string>()));
        var finding = decision["findings"]!.AsArray().Single(f => f!["rule"]!.GetValue<string>() == "DeveloperBreachedDeclaredAccuracyDuty")!;
        Assert.Equal(0.97, ValueRead(finding, "facts.Developer.DeclaredAccuracy")!.GetValue<double>());
        Assert.True(ValueRead(finding, "declaredAccuracyNotMet")!.GetValue<bool>());
        Assert.True(decision["complete"]!.GetValue<bool>());
        Assert.Empty(decision["missingInputs"]!.AsArray());
    }

    [Fact]
    public async Task RuleNotFired_ShowsValuesThatMadeItFalse()
    {
        var decision = await DecideAsync(JsonNode.Parse(Samples.ReadCase("hospital-triage-missed-accuracy.json"))!);

        var rule = Rule(decision, "DeveloperShippedMiscalibratedModel");
        Assert.Equal("not-fired", rule["outcome"]!.GetValue<string>());
        Assert.Equal(0.05, ValueRead(rule, "maxExpectedCalibrationError")!.GetValue<double>());
        Assert.NotNull(ValueRead(rule, "evidence.Ece"));
    }

    [Fact]
    public async Task MissingDeclaredAccuracy_MakesDecisionIncomplete()
    {
        var body = JsonNode.Parse(Samples.ReadCase("hospital-triage-missed-accuracy.json"))!;
        body["developer"]!.AsObject().Remove("declaredAccuracy");

        var decision = await DecideAsync(body);

        Assert.False(decision["complete"]!.GetValue<bool>());
        Assert.Equal(["facts.Developer.DeclaredAccuracy"], decision["missingInputs"]!.AsArray().Select(n => n!.GetValue<string>()));
        var rule = Rule(decision, "DeveloperBreachedDeclaredAccuracyDuty");
        Assert.Equal("missing-input", rule["outcome"]!.GetValue<string>());
        Assert.False(rule["fired"]!.GetValue<bool>());
        Assert.Equal("facts.Developer.DeclaredAccuracy", rule["missingInputs"]![0]!.GetValue<string>());

        string page = await _client.GetStringAsync($"/decisions/{decision["id"]!.GetValue<string>()}");
        Assert.Contains("Incomplete decision", page);
        Assert.Contains("missing-input: facts.Developer.DeclaredAccuracy", page);
    }

    [Fact]
    public async Task DecisionPage_ShowsExplanationByParty()
    {
        var decision = await DecideAsync(JsonNode.Parse(Samples.ReadCase("hospital-triage-missed-accuracy.json"))!);

        string page = await _client.GetStringAsync($"/decisions/{decision["id"]!.GetValue<string>()}");

        Assert.Contains("aria-label=\"Explanation for the developer\"", page);
        Assert.Contains("<code>facts.Developer.DeclaredAccuracy</code> = <code>0.97</code>", page);
        Assert.Contains("<code>maxExpectedCalibrationError</code> = <code>0.05</code>", page);
        Assert.DoesNotContain("Incomplete decision", page);
    }
}
