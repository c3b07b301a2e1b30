using System.Net;
using System.Text.Json.Nodes;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Api;

/// <summary>The rule-set editing endpoints under /api/v1/rule-sets.</summary>
public sealed class RuleSetDraftApiTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory _factory = new();
    private HttpClient _client = null!;
    private HttpClient _cases = null!;

    /// <summary>Signs in with API keys: a regulator's edits rule sets and an auditor's submits the cases.</summary>
    public async Task InitializeAsync()
    {
        _client = await _factory.CreateApiClientAsync(PortalRoles.Regulator);
        _cases = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task CreateDraft_ReturnsDraftVersion()
    {
        var response = await _client.PostAsync("/api/v1/rule-sets/eu/drafts", RuleSetDrafts.Json("{\"fromVersion\":1}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(2, body["version"]!.GetValue<int>());
        Assert.Equal("draft", body["status"]!.GetValue<string>());
        Assert.StartsWith("api-key ", body["createdBy"]!.GetValue<string>());
        Assert.Null(body["publishedAt"]);
        Assert.Equal("/api/v1/rule-sets/eu/versions/2/export", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task CreateDraft_MissingFromVersion_IsFieldError()
    {
        var response = await _client.PostAsync("/api/v1/rule-sets/eu/drafts", RuleSetDrafts.Json("{}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("fromVersion is missing", body["errors"]!["fromVersion"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateDraft_UnknownVersion_IsNotFound()
    {
        var response = await _client.PostAsync("/api/v1/rule-sets/eu/drafts", RuleSetDrafts.Json("{\"fromVersion\":7}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Rule set 'eu' has no version 7. Versions: 1.", body["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Save_CompileError_NamesRuleAndLine()
    {
        int draft = await RuleSetDrafts.CreateAsync(_client, "eu", 1);
        string original = await RuleSetDrafts.ExportAsync(_client, "eu", draft);
        string broken = original.Replace(
            "\"Expression\": \"productLiabilityApplies && declaredAccuracyNotMet\"",
            "\"Expression\": \"productLiabilityApplies && facts.Developer.NoSuchField\"",
            StringComparison.Ordinal);

        var response = await RuleSetDrafts.SaveAsync(_client, "eu", draft, broken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        string message = body["errors"]!["$.Rules[0].Expression"]![0]!.GetValue<string>();
        int line = broken[..broken.IndexOf("NoSuchField", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        Assert.StartsWith($"Rule DeveloperProductDefectiveForMissedAccuracy, line {line}: ", message);
        Assert.Contains("NoSuchField", message);
        Assert.Equal(original, await RuleSetDrafts.ExportAsync(_client, "eu", draft));
    }

    [Fact]
    public async Task Save_RenamedWorkflow_IsRejected()
    {
        int draft = await RuleSetDrafts.CreateAsync(_client, "eu", 1);
        string renamed = (await RuleSetDrafts.ExportAsync(_client, "eu", draft))
            .Replace("\"WorkflowName\": \"eu\"", "\"WorkflowName\": \"eu-two\"", StringComparison.Ordinal);

        var response = await RuleSetDrafts.SaveAsync(_client, "eu", draft, renamed);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("Set it back to 'eu'", body["errors"]!["$.WorkflowName"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Save_PublishedVersion_IsConflict()
    {
        string original = await RuleSetDrafts.ExportAsync(_client, "eu", 1);

        var response = await RuleSetDrafts.SaveAsync(_client, "eu", 1, RuleSetDrafts.WithChangedWeights(original));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(original, await RuleSetDrafts.ExportAsync(_client, "eu", 1));
    }

    [Fact]
    public async Task SaveScenarios_WrongRuleSet_IsRejected()
    {
        int draft = await RuleSetDrafts.CreateAsync(_client, "eu", 1);

        var response = await _client.PutAsync(
            $"/api/v1/rule-sets/eu/versions/{draft}/scenarios", RuleSetDrafts.Json("{\"ruleSet\":\"cn\",\"scenarios\":[]}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("set it to 'eu'", body["errors"]!["$"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Publish_FailingScenario_IsConflictWithResults()
    {
        int draft = await RuleSetDrafts.CreateAsync(_client, "eu", 1);
        var save = await RuleSetDrafts.SaveAsync(
            _client, "eu", draft, RuleSetDrafts.WithChangedWeights(await RuleSetDrafts.ExportAsync(_client, "eu", draft)));
        Assert.Equal(HttpStatusCode.OK, save.StatusCode);

        var response = await _client.PostAsync($"/api/v1/rule-sets/eu/versions/{draft}/publish", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("scenario(s) failed", body["detail"]!.GetValue<string>());
        Assert.Contains(body["scenarios"]!.AsArray(), s => !s!["passed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Publish_PassingScenarios_RecordsPublisher()
    {
        int draft = await RuleSetDrafts.CreateAsync(_client, "eu", 1);

        var response = await _client.PostAsync($"/api/v1/rule-sets/eu/versions/{draft}/publish", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("published", body["status"]!.GetValue<string>());
        Assert.StartsWith("api-key ", body["publishedBy"]!.GetValue<string>());
        Assert.NotNull(body["publishedAt"]);
        var again = await _client.PostAsync($"/api/v1/rule-sets/eu/versions/{draft}/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Publish_OlderDraft_IsConflict()
    {
        int older = await RuleSetDrafts.CreateAsync(_client, "eu", 1);
        int newer = await RuleSetDrafts.CreateAsync(_client, "eu", 1);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/api/v1/rule-sets/eu/versions/{newer}/publish", null)).StatusCode);

        var response = await _client.PostAsync($"/api/v1/rule-sets/eu/versions/{older}/publish", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains($"Version {newer} of 'eu' is already published and newer than draft {older}", body["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Export_ReturnsStoredTextAsFile()
    {
        var response = await _client.GetAsync("/api/v1/rule-sets/eu/versions/1/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("eu-v1.json", response.Content.Headers.ContentDisposition!.FileName);
        string text = await response.Content.ReadAsStringAsync();
        var list = JsonNode.Parse(await _client.GetStringAsync("/api/v1/rule-sets"))!["items"]!.AsArray();
        string sha256 = list.Single(i => i!["name"]!.GetValue<string>() == "eu")!["versions"]![0]!["sha256"]!.GetValue<string>();
        Assert.Equal(sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))));
    }

    [Fact]
    public async Task Export_UnknownVersion_IsNotFound()
    {
        var response = await _client.GetAsync("/api/v1/rule-sets/eu/versions/5/export");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Import_ValidText_CreatesDraft()
    {
        string copy = (await RuleSetDrafts.ExportAsync(_client, "cn", 1))
            .Replace("\"WorkflowName\": \"cn\"", "\"WorkflowName\": \"cn-next\"", StringComparison.Ordinal);

        var response = await _client.PostAsync("/api/v1/rule-sets/imports", RuleSetDrafts.Json(copy));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("cn-next", body["name"]!.GetValue<string>());
        Assert.Equal(1, body["version"]!.GetValue<int>());
        Assert.Equal("draft", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_InvalidJson_IsFieldErrorWithLine()
    {
        var response = await _client.PostAsync("/api/v1/rule-sets/imports", RuleSetDrafts.Json("{\n  \"WorkflowName\": \"x\",\n  ]\n}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("Line 3: The document is not valid JSON", body["errors"]!["$"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task ImpactPreview_PublishedBaseline_IsConflict()
    {
        var response = await _client.PostAsync("/api/v1/rule-sets/eu/versions/1/impact-previews", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task ImpactPreview_UnchangedDraft_ReportsNoChange()
    {
        var decision = await _cases.PostAsync("/api/v1/decisions", RuleSetDrafts.Json(Samples.ReadCase("warehouse-robot-ignored-warnings.json")));
        Assert.Equal(HttpStatusCode.Created, decision.StatusCode);
        int draft = await RuleSetDrafts.CreateAsync(_client, "eu", 1);

        var response = await _client.PostAsync($"/api/v1/rule-sets/eu/versions/{draft}/impact-previews", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        Assert.Equal($"/api/v1/rule-sets/impact-previews/{id}", response.Headers.Location!.OriginalString);
        var job = await ImpactPreviewPolling.WaitAsync(_client, id);
        Assert.Equal(1, job["result"]!["total"]!.GetValue<int>());
        Assert.Equal(0, job["result"]!["changed"]!.GetValue<int>());
        Assert.Equal(1, job["result"]!["unchanged"]!.GetValue<int>());
        Assert.Empty(job["result"]!["decisions"]!.AsArray());
    }

    [Fact]
    public async Task ImpactPreview_UnknownId_IsNotFound()
    {
        var response = await _client.GetAsync("/api/v1/rule-sets/impact-previews/nothing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
