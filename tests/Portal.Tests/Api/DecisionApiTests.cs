using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Api;

public sealed class DecisionApiTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] PartyNames = ["developer", "deployer", "user", "injured-person"];

    private readonly PortalFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    private async Task<HttpResponseMessage> PostCaseAsync(string json) =>
        await _client.PostAsync("/api/v1/decisions", new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<long> DecisionCountAsync()
    {
        var list = JsonNode.Parse(await _client.GetStringAsync("/api/v1/decisions?pageSize=1"))!;
        return list["total"]!.GetValue<long>();
    }

    [Theory]
    [MemberData(nameof(Samples.CaseFiles), MemberType = typeof(Samples))]
    public async Task PostSampleCase_Returns201WithSharesSummingToDamage(string fileName)
    {
        var sample = JsonNode.Parse(Samples.ReadCase(fileName))!;

        var response = await PostCaseAsync(Samples.ReadCase(fileName));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var decision = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var shares = decision["shares"]!.AsArray();
        Assert.Equal(PartyNames, shares.Select(s => s!["party"]!.GetValue<string>()));
        decimal damage = sample["damage"]!["amount"]!.GetValue<decimal>();
        Assert.Equal(damage, shares.Sum(s => s!["amount"]!.GetValue<decimal>()));
        Assert.Equal(100m, shares.Sum(s => s!["percent"]!.GetValue<decimal>()));
        Assert.All(shares, s => Assert.InRange(s!["percent"]!.GetValue<decimal>(), 0m, 100m));
        Assert.Equal(sample["reference"]!.GetValue<string>(), decision["reference"]!.GetValue<string>());
        Assert.Equal($"/api/v1/decisions/{decision["id"]}", response.Headers.Location!.OriginalString);
        Assert.Matches("^[0-9a-f]{64}$", decision["evidenceSha256"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Samples.CaseFiles), MemberType = typeof(Samples))]
    public async Task GetDecision_AfterPost_ReturnsSameDecision(string fileName)
    {
        var created = JsonNode.Parse(await (await PostCaseAsync(Samples.ReadCase(fileName))).Content.ReadAsStringAsync())!;

        var response = await _client.GetAsync($"/api/v1/decisions/{created["id"]}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(JsonNode.DeepEquals(created["shares"], read["shares"]));
        Assert.True(JsonNode.DeepEquals(created["findings"], read["findings"]));
        Assert.True(JsonNode.DeepEquals(created["evidence"], read["evidence"]));
        Assert.Equal(created["contentHash"]!.GetValue<string>(), read["contentHash"]!.GetValue<string>());
        Assert.Equal(created["ruleSet"]!["sha256"]!.GetValue<string>(), read["ruleSet"]!["sha256"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostHospitalCase_GivesExpectedEuShares()
    {
        var response = await PostCaseAsync(Samples.ReadCase("hospital-triage-missed-accuracy.json"));

        var decision = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var amounts = decision["shares"]!.AsArray().ToDictionary(s => s!["party"]!.GetValue<string>(), s => s!["amount"]!.GetValue<decimal>());
        Assert.Equal(123333.33m, amounts["developer"]);
        Assert.Equal(61666.67m, amounts["deployer"]);
        Assert.Equal("eu", decision["ruleSet"]!["name"]!.GetValue<string>());
        Assert.Equal(1, decision["ruleSet"]!["version"]!.GetValue<int>());
        Assert.Contains(decision["findings"]!.AsArray(), f => f!["rule"]!.GetValue<string>() == "DeveloperBreachedDeclaredAccuracyDuty");
    }

    [Fact]
    public async Task PostModifiedModelCase_ReportsTransferAndJointLiability()
    {
        var body = JsonNode.Parse(Samples.ReadCase("warehouse-robot-ignored-warnings.json"))!;
        body["developer"]!["placedOnMarket"] = "2027-01-15";
        body["developer"]!["declaredAccuracy"] = 0.99;
        body["deployer"]!["substantiallyModified"] = true;

        var response = await PostCaseAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var decision = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(decision["jointAndSeveral"]!.GetValue<bool>());
        Assert.Contains("takes over the role of the developer", decision["adjustments"]![0]!.GetValue<string>());
        var transfer = decision["findings"]!.AsArray().Single(f => f!["effect"]!.GetValue<string>() == "transfer-role")!;
        Assert.Equal("deployer", transfer["party"]!.GetValue<string>());
        Assert.Equal("developer", transfer["from"]!.GetValue<string>());
        var amounts = decision["shares"]!.AsArray().ToDictionary(s => s!["party"]!.GetValue<string>(), s => s!["amount"]!.GetValue<decimal>());
        // 20% own fault; the developer's defect (2) counts against the deployer with its own breach (2); user 1.
        Assert.Equal(0m, amounts["developer"]);
        Assert.Equal(25600.00m, amounts["deployer"]);
        Assert.Equal(6400.00m, amounts["user"]);
        Assert.Equal(8000.00m, amounts["injured-person"]);
    }

    [Fact]
    public async Task PostTwoCases_ChainsSecondToFirst()
    {
        var first = JsonNode.Parse(await (await PostCaseAsync(Samples.ReadCase("hospital-triage-missed-accuracy.json"))).Content.ReadAsStringAsync())!;
        var second = JsonNode.Parse(await (await PostCaseAsync(Samples.ReadCase("warehouse-robot-ignored-warnings.json"))).Content.ReadAsStringAsync())!;

        Assert.Equal(new string('0', 64), first["previousHash"]!.GetValue<string>());
        Assert.Equal(first["contentHash"]!.GetValue<string>(), second["previousHash"]!.GetValue<string>());
        Assert.Equal(first["sequence"]!.GetValue<long>() + 1, second["sequence"]!.GetValue<long>());
        Assert.NotEqual(first["contentHash"]!.GetValue<string>(), second["contentHash"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string> BadCases()
    {
        string valid = Samples.ReadCase("hospital-triage-missed-accuracy.json");
        JsonNode Edit(Action<JsonNode> change)
        {
            var node = JsonNode.Parse(valid)!;
            change(node);
            return node;
        }

        return new TheoryData<string, string, string>
        {
            { "malformed JSON", "{ \"reference\": ", "$" },
            { "not an object", "[1, 2]", "$" },
            { "missing damage", Edit(n => n.AsObject().Remove("damage")).ToJsonString(), "damage" },
            { "missing amount", Edit(n => n["damage"]!.AsObject().Remove("amount")).ToJsonString(), "damage.amount" },
            { "negative amount", Edit(n => n["damage"]!["amount"] = -5).ToJsonString(), "damage.amount" },
            { "amount as text", Edit(n => n["damage"]!["amount"] = "lots").ToJsonString(), "damage.amount" },
            { "too many decimals", Edit(n => n["damage"]!["amount"] = 10.005m).ToJsonString(), "damage.amount" },
            { "unknown currency", Edit(n => n["damage"]!["currency"] = "EUX").ToJsonString(), "damage.currency" },
            { "unknown kind", Edit(n => n["damage"]!["kind"] = "emotional").ToJsonString(), "damage.kind" },
            { "unknown rule set", Edit(n => n["ruleSet"] = "atlantis").ToJsonString(), "ruleSet" },
            { "missing reference", Edit(n => n.AsObject().Remove("reference")).ToJsonString(), "reference" },
            { "bad date", Edit(n => n["eventDate"] = "14/03/2026").ToJsonString(), "eventDate" },
            { "declared accuracy above 1", Edit(n => n["developer"]!["declaredAccuracy"] = 1.5).ToJsonString(), "developer.declaredAccuracy" },
            { "accuracy below 0", Edit(n => n["evidence"]!["metrics"]!["accuracy"] = -0.1).ToJsonString(), "evidence.metrics.accuracy" },
            { "ece above 1", Edit(n => n["evidence"]!["metrics"]!["ece"] = 2).ToJsonString(), "evidence.metrics.ece" },
            { "noise above 0.25", Edit(n => n["evidence"]!["metrics"]!["noise"] = 0.3).ToJsonString(), "evidence.metrics.noise" },
            { "zero sample size", Edit(n => n["evidence"]!["metrics"]!["sampleSize"] = 0).ToJsonString(), "evidence.metrics.sampleSize" },
            { "own fault above 100", Edit(n => n["injuredPerson"]!["faultPercent"] = 120).ToJsonString(), "injuredPerson.faultPercent" },
            { "misspelt field", Edit(n => n["developer"]!["declaredAccuracyy"] = 0.9).ToJsonString(), "developer.declaredAccuracyy" },
            { "rule-set name with capitals", Edit(n => n["ruleSet"] = "EU").ToJsonString(), "ruleSet" },
            { "unsupported evidence version", Edit(n => n["evidence"]!["schemaVersion"] = 7).ToJsonString(), "evidence.schemaVersion" },
            { "provenance not an object", Edit(n => n["evidence"]!["provenance"] = "lab notes").ToJsonString(), "evidence.provenance" },
            { "currency missing", Edit(n => n["damage"]!.AsObject().Remove("currency")).ToJsonString(), "damage.currency" },
            { "currency empty", Edit(n => n["damage"]!["currency"] = "").ToJsonString(), "damage.currency" },
            { "kind null", Edit(n => n["damage"]!["kind"] = null).ToJsonString(), "damage.kind" },
            { "amount with 30 decimals", Edit(n => n["damage"]!["amount"] = JsonNode.Parse("1.000000000000000000000000000001")).ToJsonString(), "damage.amount" },
            { "amount too large for decimal", Edit(n => n["damage"]!["amount"] = JsonNode.Parse("1e400")).ToJsonString(), "damage.amount" },
            { "reference of invisible characters", Edit(n => n["reference"] = "\u202E\u200B").ToJsonString(), "reference" },
            { "event in year 1", Edit(n => n["eventDate"] = "0001-01-01").ToJsonString(), "eventDate" },
            { "impossible date", Edit(n => n["eventDate"] = "2026-02-30").ToJsonString(), "eventDate" },
            { "sample size beyond int", Edit(n => n["evidence"]!["metrics"]!["sampleSize"] = 2147483648L).ToJsonString(), "evidence.metrics.sampleSize" },
            { "array body", "[]", "$" },
            { "number body", "42", "$" },
            { "boolean as text", Edit(n => n["deployer"]!["humanOversight"] = "no").ToJsonString(), "deployer.humanOversight" },
        };
    }

    [Theory]
    [MemberData(nameof(BadCases))]
    public async Task PostBadCase_Returns400NamingFieldAndStoresNothing(string problem, string body, string field)
    {
        long before = await DecisionCountAsync();

        var response = await PostCaseAsync(body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{problem}: got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problemDetails = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var errors = problemDetails["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"{problem}: errors name {string.Join(", ", errors.Select(e => e.Key))}, not {field}");
        Assert.False(string.IsNullOrWhiteSpace(errors[field]![0]!.GetValue<string>()));
        Assert.Equal(before, await DecisionCountAsync());
    }

    [Fact]
    public async Task PostInexactAmount_NamesTheDigitLimit()
    {
        var body = JsonNode.Parse(Samples.ReadCase("hospital-triage-missed-accuracy.json"))!;
        body["damage"]!["amount"] = JsonNode.Parse("1.000000000000000000000000000001");

        var response = await PostCaseAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!;
        Assert.Equal(
            "damage.amount must be a number with at most 28 significant digits and 28 decimal places; got 1.000000000000000000000000000001.",
            errors["damage.amount"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task PostEvidenceWithoutInterval_StoresComputedWilsonBounds()
    {
        var created = JsonNode.Parse(await (await PostCaseAsync(Samples.ReadCase("credit-scoring-economic-loss.json"))).Content.ReadAsStringAsync())!;

        var metrics = created["evidence"]!["metrics"]!;

        // Wilson 95% interval of 0.861 on 5,000 samples, computed independently of the engine.
        Assert.Equal(0.851134, metrics["accuracyLower95"]!.GetValue<double>(), 6);
        Assert.Equal(0.870312, metrics["accuracyUpper95"]!.GetValue<double>(), 6);
        Assert.Equal(1, created["evidence"]!["schemaVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task PostDuplicateMember_Returns400AndStoresNothing()
    {
        string body = Samples.ReadCase("hospital-triage-missed-accuracy.json").Replace(
            "\"reference\": \"CLM-2026-0142\",", "\"reference\": \"CLM-2026-0142\", \"reference\": \"OTHER\",");
        Assert.Contains("OTHER", body);

        var response = await PostCaseAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!;
        Assert.Contains("more than once", errors["reference"]![0]!.GetValue<string>());
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task PostAmountAsText_MessageShowsValueSent()
    {
        var body = JsonNode.Parse(Samples.ReadCase("hospital-triage-missed-accuracy.json"))!;
        body["damage"]!["amount"] = "lots";

        var response = await PostCaseAsync(body.ToJsonString());

        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!;
        Assert.Equal("damage.amount must be a JSON number (not a string); got \"lots\".", errors["damage.amount"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task PostArrayBody_SaysObjectExpected()
    {
        var response = await PostCaseAsync("[1, 2]");

        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!;
        Assert.Equal("The body must be a JSON object; got an array.", errors["$"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task PostWithByteOrderMark_IsAccepted()
    {
        var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Samples.ReadCase("hospital-triage-missed-accuracy.json"))]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await _client.PostAsync("/api/v1/decisions", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task PostWithoutJsonContentType_Returns415WithDetail(string? mediaType)
    {
        var content = new StringContent(Samples.ReadCase("hospital-triage-missed-accuracy.json"));
        content.Headers.ContentType = mediaType is null ? null : new MediaTypeHeaderValue(mediaType);

        var response = await _client.PostAsync("/api/v1/decisions", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Content-Type: application/json", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task PostAmountWithExtraZeros_StoresCurrencyDecimals()
    {
        var body = JsonNode.Parse(Samples.ReadCase("hospital-triage-missed-accuracy.json"))!;
        body["damage"]!["amount"] = JsonNode.Parse("185000.000000");

        var response = await PostCaseAsync(body.ToJsonString());

        string json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"damage\":{\"amount\":185000.00,", json);
    }

    [Fact]
    public async Task PostNegativeAmount_MessageNamesValue()
    {
        var body = JsonNode.Parse(Samples.ReadCase("hospital-triage-missed-accuracy.json"))!;
        body["damage"]!["amount"] = -5;

        var response = await PostCaseAsync(body.ToJsonString());

        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!;
        Assert.Contains("-5", errors["damage.amount"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task PostOversizedBody_Returns413AndStoresNothing()
    {
        var body = JsonNode.Parse(Samples.ReadCase("hospital-triage-missed-accuracy.json"))!;
        body["evidence"]!["provenance"]!["note"] = new string('x', 300 * 1024);

        var response = await PostCaseAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task PostCaseWhoseRuleThrows_Returns422AndStoresNothing()
    {
        string ruleSet = """
            {
              "WorkflowName": "broken",
              "AppliesFrom": "2020-01-01",
              "Rules": [
                {
                  "RuleName": "ReadsPastEndOfReference",
                  "Expression": "facts.Damage.Amount / (facts.Damage.Amount - facts.Damage.Amount) > 0",
                  "Properties": {
                    "party": "developer", "basis": "fault", "weight": 1, "description": "Fails on every real case.",
                    "citation": { "instrument": "Test Act", "article": "Art. 1" }
                  }
                }
              ]
            }
            """;
        var repository = _factory.Services.GetRequiredService<RuleSetRepository>();
        await repository.AddPublishedVersionAsync("broken", null, ruleSet, RuleSetHash.Compute(ruleSet), "test", CancellationToken.None);
        var body = JsonNode.Parse(Samples.ReadCase("hospital-triage-missed-accuracy.json"))!;
        body["ruleSet"] = "broken";

        var response = await PostCaseAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ReadsPastEndOfReference", problem["ruleErrors"]![0]!["rule"]!.GetValue<string>());
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task GetUnknownDecision_Returns404Problem()
    {
        var response = await _client.GetAsync("/api/v1/decisions/dec-does-not-exist");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("dec-does-not-exist", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ListDecisions_ReturnsNewestFirst()
    {
        foreach (string name in Samples.CaseFileNames)
        {
            await PostCaseAsync(Samples.ReadCase(name));
        }

        var list = JsonNode.Parse(await _client.GetStringAsync("/api/v1/decisions?page=1&pageSize=2"))!;

        var sequences = list["items"]!.AsArray().Select(i => i!["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal([3L, 2L], sequences);
        Assert.Equal(3, list["total"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("page=abc", "page")]
    [InlineData("pageSize=1.5", "pageSize")]
    [InlineData("page=2147483648", "page")]
    [InlineData("page=", "page")]
    public async Task ListDecisions_BadPaging_Returns400(string query, string field)
    {
        var response = await _client.GetAsync($"/api/v1/decisions?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject().ContainsKey(field));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesDecisionEndpoints()
    {
        var response = await _client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(document["paths"]!["/api/v1/decisions"]!["post"]);
        Assert.NotNull(document["paths"]!["/api/v1/decisions/{id}"]!["get"]);
    }

    [Fact]
    public async Task Health_ReturnsOk()
    {
        var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
