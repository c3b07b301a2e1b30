using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Api;

public sealed class EvidenceApiTests : IAsyncLifetime, IDisposable
{
    // Four samples of three classes: rows 1, 2 and 4 are right, row 3 predicts class 1 for a class-2 sample.
    private const string PredictionsCsv = """
        label,p0,p1,p2
        0,0.7,0.2,0.1
        1,0.1,0.8,0.1
        2,0.2,0.5,0.3
        0,0.6,0.3,0.1

        """;

    private readonly PortalFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    private static string SampleEvidence() =>
        JsonNode.Parse(Samples.ReadCase("credit-scoring-economic-loss.json"))!["evidence"]!.ToJsonString();

    private async Task<JsonNode> PostJsonAsync(string path, string json, HttpStatusCode expected)
    {
        var response = await _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private async Task<long> EvidenceCountAsync() =>
        JsonNode.Parse(await _client.GetStringAsync("/api/v1/evidence?pageSize=1"))!["total"]!.GetValue<long>();

    [Fact]
    public async Task PostEvidence_StoresRecordWithComputedInterval()
    {
        var created = await PostJsonAsync("/api/v1/evidence", SampleEvidence(), HttpStatusCode.Created);

        string id = created["id"]!.GetValue<string>();
        Assert.Matches("^ev-[0-9a-f]{32}$", id);
        var read = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/evidence/{id}"))!;
        Assert.Equal(0.861, read["record"]!["metrics"]!["accuracy"]!.GetValue<double>());
        Assert.Equal(0.870312, read["record"]!["metrics"]!["accuracyUpper95"]!.GetValue<double>(), 6);
        Assert.Equal(created["sha256"]!.GetValue<string>(), read["sha256"]!.GetValue<string>());
        Assert.Equal("api", read["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostEvidence_AccuracyAboveOne_Returns400AndStoresNothing()
    {
        var evidence = JsonNode.Parse(SampleEvidence())!;
        evidence["metrics"]!["accuracy"] = 2;

        var problem = await PostJsonAsync("/api/v1/evidence", evidence.ToJsonString(), HttpStatusCode.BadRequest);

        Assert.Contains("got 2", problem["errors"]!["metrics.accuracy"]![0]!.GetValue<string>());
        Assert.Equal(0, await EvidenceCountAsync());
    }

    [Fact]
    public async Task PostCaseWithEvidenceId_UsesStoredRecord()
    {
        var stored = await PostJsonAsync("/api/v1/evidence", SampleEvidence(), HttpStatusCode.Created);
        var inlineCase = JsonNode.Parse(Samples.ReadCase("credit-scoring-economic-loss.json"))!;
        var byIdCase = JsonNode.Parse(Samples.ReadCase("credit-scoring-economic-loss.json"))!;
        byIdCase.AsObject().Remove("evidence");
        byIdCase["evidenceId"] = stored["id"]!.GetValue<string>();

        var inline = await PostJsonAsync("/api/v1/decisions", inlineCase.ToJsonString(), HttpStatusCode.Created);
        var byId = await PostJsonAsync("/api/v1/decisions", byIdCase.ToJsonString(), HttpStatusCode.Created);

        Assert.Equal(stored["id"]!.GetValue<string>(), byId["evidenceId"]!.GetValue<string>());
        Assert.Equal(stored["sha256"]!.GetValue<string>(), byId["evidenceSha256"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(inline["shares"], byId["shares"]));
        Assert.Equal(2, await EvidenceCountAsync());
    }

    [Theory]
    [InlineData("ev-00000000000000000000000000000000", "No evidence record has the id")]
    [InlineData("evidence-1", "is not an evidence id")]
    public async Task PostCaseWithBadEvidenceId_Returns400(string evidenceId, string message)
    {
        var body = JsonNode.Parse(Samples.ReadCase("warehouse-robot-ignored-warnings.json"))!;
        body.AsObject().Remove("evidence");
        body["evidenceId"] = evidenceId;

        var problem = await PostJsonAsync("/api/v1/decisions", body.ToJsonString(), HttpStatusCode.BadRequest);

        Assert.Contains(message, problem["errors"]!["evidenceId"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task PostCaseWithEvidenceAndEvidenceId_Returns400()
    {
        var stored = await PostJsonAsync("/api/v1/evidence", SampleEvidence(), HttpStatusCode.Created);
        var body = JsonNode.Parse(Samples.ReadCase("warehouse-robot-ignored-warnings.json"))!;
        body["evidenceId"] = stored["id"]!.GetValue<string>();

        var problem = await PostJsonAsync("/api/v1/decisions", body.ToJsonString(), HttpStatusCode.BadRequest);

        Assert.Contains("not both", problem["errors"]!["evidenceId"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task PostPredictions_ComputesEvidenceRecord()
    {
        var response = await _client.PostAsync(
            "/api/v1/evidence/predictions?fileName=holdout.csv", new StringContent(PredictionsCsv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var metrics = created["record"]!["metrics"]!;
        Assert.Equal(4, metrics["sampleSize"]!.GetValue<int>());
        Assert.Equal(3, metrics["classCount"]!.GetValue<int>());
        Assert.Equal(0.75, metrics["accuracy"]!.GetValue<double>());
        // Gap: mean of 1 - p(true class) = (0.3 + 0.2 + 0.7 + 0.4) / 4.
        Assert.Equal(0.4, metrics["gap"]!.GetValue<double>(), 12);
        Assert.Equal(15, metrics["calibrationBins"]!.AsArray().Count);
        Assert.Equal("predictions-upload", created["source"]!.GetValue<string>());
        Assert.Equal("holdout.csv", created["record"]!["provenance"]!["dataFiles"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostPredictions_RowNotSummingToOne_Returns400NamingRow()
    {
        string csv = PredictionsCsv.Replace("2,0.2,0.5,0.3", "2,0.2,0.5,0.2");

        var response = await _client.PostAsync("/api/v1/evidence/predictions", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["file"]![0]!.GetValue<string>();
        Assert.Contains("line 4", message);
        Assert.Equal(0, await EvidenceCountAsync());
    }

    [Fact]
    public async Task PostPredictions_ChineseClient_ExplainsRejectionInChinese()
    {
        string csv = PredictionsCsv.Replace("2,0.2,0.5,0.3", "2,0.2,0.5,0.2");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/evidence/predictions")
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["file"]![0]!.GetValue<string>();
        Assert.Contains("被拒绝：4 个样本行中有 1 行无效。", message);
        Assert.Contains("第 4 行：概率之和为 0.8999999999999999，不在 1 的 1E-06 误差范围内", message);
        Assert.Equal(0, await EvidenceCountAsync());
    }

    [Theory]
    [InlineData("calibrationBins")]
    [InlineData("perClass")]
    public async Task PostEvidence_NullListItem_Returns400(string list)
    {
        var response = await _client.PostAsync(
            "/api/v1/evidence/predictions", new StringContent(PredictionsCsv, Encoding.UTF8, "text/csv"));
        var record = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["record"]!;
        record["metrics"]![list]![0] = null;

        var problem = await PostJsonAsync("/api/v1/evidence", record.ToJsonString(), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey($"metrics.{list}[0]"));
        Assert.Equal(1, await EvidenceCountAsync());
    }

    [Fact]
    public async Task PostPredictions_TooManyClasses_Returns400Quickly()
    {
        string header = "label," + string.Join(',', Enumerable.Range(0, 1001).Select(i => $"p{i}"));
        string row = "0,1" + string.Concat(Enumerable.Repeat(",0", 1000));

        var response = await _client.PostAsync(
            "/api/v1/evidence/predictions", new StringContent($"{header}\n{row}\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["file"]![0]!.GetValue<string>();
        Assert.Contains("more than the 1,000 classes", message);
    }

    [Theory]
    [InlineData("/", "predictions.csv")]
    [InlineData("dir/", "predictions.csv")]
    [InlineData("../../etc/holdout.csv", "holdout.csv")]
    [InlineData("bad\u0001name.csv", "badname.csv")]
    public async Task PostPredictions_OddFileName_IsCleaned(string fileName, string recorded)
    {
        var response = await _client.PostAsync(
            $"/api/v1/evidence/predictions?fileName={Uri.EscapeDataString(fileName)}", new StringContent(PredictionsCsv, Encoding.UTF8, "application/octet-stream"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(recorded, created["record"]!["provenance"]!["dataFiles"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostEvidence_ProvenanceOfWrongType_Returns400()
    {
        var evidence = JsonNode.Parse(SampleEvidence())!;
        evidence["provenance"] = JsonNode.Parse("""{"source": "made-up", "seed": "x"}""");

        var problem = await PostJsonAsync("/api/v1/evidence", evidence.ToJsonString(), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey("provenance.source"));
        Assert.True(problem["errors"]!.AsObject().ContainsKey("provenance.seed"));
    }

    [Fact]
    public async Task GetUnknownEvidence_Returns404()
    {
        var response = await _client.GetAsync("/api/v1/evidence/ev-00000000000000000000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
