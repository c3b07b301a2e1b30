using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Api;

/// <summary><c>POST /api/v1/decisions/{id}/re-evaluation</c> on decisions stored by the real portal.</summary>
public sealed class ReEvaluationApiTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    private async Task<JsonNode> PostJsonAsync(string path, string json)
    {
        var response = await _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path} returned {response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private async Task<JsonNode> ReEvaluateAsync(string decisionId)
    {
        var response = await _client.PostAsync($"/api/v1/decisions/{decisionId}/re-evaluation", null);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Re-evaluation returned {response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private async Task<string> DecideAsync(string caseJson) =>
        (await PostJsonAsync("/api/v1/decisions", caseJson))["id"]!.GetValue<string>();

    private async Task<long> DecisionCountAsync()
    {
        var list = JsonNode.Parse(await _client.GetStringAsync("/api/v1/decisions?pageSize=1"))!;
        return list["total"]!.GetValue<long>();
    }

    [Theory]
    [MemberData(nameof(ScenarioCases.RuleSetNames), MemberType = typeof(ScenarioCases))]
    public async Task FreshDecisions_ReEvaluateIdentical(string ruleSet)
    {
        foreach (var (name, caseJson) in ScenarioCases.Read(ruleSet))
        {
            var decision = await PostJsonAsync("/api/v1/decisions", caseJson);

            var report = await ReEvaluateAsync(decision["id"]!.GetValue<string>());

            Assert.True(report["identical"]!.GetValue<bool>(), $"{name}: {report["differences"]!.ToJsonString()}");
            Assert.Empty(report["differences"]!.AsArray());
            Assert.Null(report["failedCheck"]);
            Assert.Equal(decision["id"]!.GetValue<string>(), report["decisionId"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(decision["ruleSet"], report["ruleSet"]), name);
        }
    }

    [Fact]
    public async Task DecisionWithStoredEvidenceId_ReEvaluatesIdentical()
    {
        string evidence = JsonNode.Parse(Samples.ReadCase("credit-scoring-economic-loss.json"))!["evidence"]!.ToJsonString();
        var record = await PostJsonAsync("/api/v1/evidence", evidence);
        var body = JsonNode.Parse(Samples.ReadCase("credit-scoring-economic-loss.json"))!;
        body.AsObject().Remove("evidence");
        body["evidenceId"] = record["id"]!.GetValue<string>();

        var report = await ReEvaluateAsync(await DecideAsync(body.ToJsonString()));

        Assert.True(report["identical"]!.GetValue<bool>(), report["differences"]!.ToJsonString());
    }

    [Fact]
    public async Task ReEvaluation_StoresNothing()
    {
        string id = await DecideAsync(Samples.ReadCase("hospital-triage-missed-accuracy.json"));

        await ReEvaluateAsync(id);
        await ReEvaluateAsync(id);

        Assert.Equal(1, await DecisionCountAsync());
    }

    [Fact]
    public async Task AlteredShareAmount_ReportedAtItsPath()
    {
        string id = await DecideAsync(Samples.ReadCase("hospital-triage-missed-accuracy.json"));
        var decision = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/decisions/{id}"))!;
        decimal deployerAmount = decision["shares"]![1]!["amount"]!.GetValue<decimal>();
        DatabaseFile.Execute(_factory, "DROP TRIGGER decisions_no_update");
        DatabaseFile.Execute(
            _factory, "UPDATE decisions SET result_json = json_set(result_json, '$.shares[1].amount', 1.23) WHERE id = @id", new { id });

        var report = await ReEvaluateAsync(id);

        Assert.False(report["identical"]!.GetValue<bool>());
        var difference = Assert.Single(report["differences"]!.AsArray())!;
        Assert.Equal("$.shares[1].amount", difference["path"]!.GetValue<string>());
        Assert.Equal(1.23m, difference["stored"]!.GetValue<decimal>());
        Assert.Equal(deployerAmount, difference["recomputed"]!.GetValue<decimal>());
        Assert.NotEqual(1.23m, deployerAmount);
    }

    [Fact]
    public async Task RemovedResultMember_ReportedWithoutStoredValue()
    {
        string id = await DecideAsync(Samples.ReadCase("warehouse-robot-ignored-warnings.json"));
        DatabaseFile.Execute(_factory, "DROP TRIGGER decisions_no_update");
        DatabaseFile.Execute(
            _factory, "UPDATE decisions SET result_json = json_remove(result_json, '$.explanation') WHERE id = @id", new { id });

        var report = await ReEvaluateAsync(id);

        var difference = Assert.Single(report["differences"]!.AsArray())!.AsObject();
        Assert.Equal("$.explanation", difference["path"]!.GetValue<string>());
        Assert.False(difference.ContainsKey("stored"));
        Assert.False(string.IsNullOrEmpty(difference["recomputed"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AlteredCitation_ReportedAtNestedPath()
    {
        string id = await DecideAsync(Samples.ReadCase("warehouse-robot-ignored-warnings.json"));
        DatabaseFile.Execute(_factory, "DROP TRIGGER decisions_no_update");
        DatabaseFile.Execute(
            _factory, "UPDATE decisions SET result_json = json_set(result_json, '$.findings[0].citation.article', 'Art. 99') WHERE id = @id", new { id });

        var report = await ReEvaluateAsync(id);

        var difference = Assert.Single(report["differences"]!.AsArray())!;
        Assert.Equal("$.findings[0].citation.article", difference["path"]!.GetValue<string>());
        Assert.Equal("Art. 99", difference["stored"]!.GetValue<string>());
    }

    [Fact]
    public async Task AlteredEvidenceRecord_ReportsEvidenceHash()
    {
        var decision = await PostJsonAsync("/api/v1/decisions", Samples.ReadCase("hospital-triage-missed-accuracy.json"));
        string evidenceId = decision["evidenceId"]!.GetValue<string>();
        DatabaseFile.Execute(_factory, "DROP TRIGGER evidence_no_update");
        DatabaseFile.Execute(
            _factory, "UPDATE evidence SET content = json_set(content, '$.metrics.sampleSize', 999999) WHERE id = @evidenceId", new { evidenceId });

        var report = await ReEvaluateAsync(decision["id"]!.GetValue<string>());

        Assert.False(report["identical"]!.GetValue<bool>());
        var difference = report["differences"]!.AsArray().Single(d => d!["path"]!.GetValue<string>() == "$.evidenceSha256")!;
        Assert.Equal(decision["evidenceSha256"]!.GetValue<string>(), difference["stored"]!.GetValue<string>());
        Assert.NotEqual(decision["evidenceSha256"]!.GetValue<string>(), difference["recomputed"]!.GetValue<string>());
    }

    [Fact]
    public async Task AlteredRuleSetText_FailsHashCheck()
    {
        var decision = await PostJsonAsync("/api/v1/decisions", Samples.ReadCase("hospital-triage-missed-accuracy.json"));
        DatabaseFile.Execute(_factory, "DROP TRIGGER rule_set_versions_published_no_update");
        DatabaseFile.Execute(
            _factory, "UPDATE rule_set_versions SET content = json_set(content, '$.Description', 'Edited') WHERE rule_set_name = 'eu'");

        var report = await ReEvaluateAsync(decision["id"]!.GetValue<string>());

        Assert.False(report["identical"]!.GetValue<bool>());
        Assert.Empty(report["differences"]!.AsArray());
        Assert.Equal("rule-set-sha256", report["failedCheck"]!["check"]!.GetValue<string>());
        string message = report["failedCheck"]!["message"]!.GetValue<string>();
        Assert.Contains(decision["ruleSet"]!["sha256"]!.GetValue<string>(), message);
        Assert.Contains("not re-evaluated", message);
    }

    [Fact]
    public async Task RecordedRuleSetHashChanged_FailsHashCheck()
    {
        string id = await DecideAsync(Samples.ReadCase("hospital-triage-missed-accuracy.json"));
        DatabaseFile.Execute(_factory, "DROP TRIGGER decisions_no_update");
        DatabaseFile.Execute(_factory, "UPDATE decisions SET rule_set_sha256 = @sha256 WHERE id = @id", new { id, sha256 = new string('a', 64) });

        var report = await ReEvaluateAsync(id);

        Assert.Equal("rule-set-sha256", report["failedCheck"]!["check"]!.GetValue<string>());
        Assert.Equal(new string('a', 64), report["ruleSet"]!["sha256"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownId_Returns404Problem()
    {
        var response = await _client.PostAsync("/api/v1/decisions/dec-missing/re-evaluation", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Decision not found.", problem["title"]!.GetValue<string>());
        Assert.Contains("dec-missing", problem["detail"]!.GetValue<string>());
    }
}
