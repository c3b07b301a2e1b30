using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Pages;

/// <summary>The decision list's filters, paging and exports, in the portal and the API.</summary>
public sealed class DecisionFilterPageTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory _factory = new();
    private HttpClient _client = null!;
    private HttpClient _api = null!;

    /// <summary>Signs an auditor in for the pages and creates an auditor's API key for the API.</summary>
    public async Task InitializeAsync()
    {
        _client = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);
        _api = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    private async Task<JsonNode> DecideAsync(string reference)
    {
        var body = JsonNode.Parse(Samples.ReadCase("warehouse-robot-ignored-warnings.json"))!;
        body["reference"] = reference;
        var response = await _api.PostAsync("/api/v1/decisions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task List_ReferenceFilter_ShowsMatchesOnly()
    {
        await DecideAsync("ROBOT-1");
        await DecideAsync("OTHER-2");

        string html = await _client.GetStringAsync("/decisions?reference=robot");

        Assert.Contains("1 decision(s) match the filters", html);
        Assert.Contains("ROBOT-1", html);
        Assert.DoesNotContain("OTHER-2", html);
        Assert.Contains("value=\"robot\"", html);
        Assert.Contains("href=\"/decisions/export.csv?reference=robot\"", html);
    }

    [Fact]
    public async Task List_InvalidFilters_ShowMessagesBesideFields()
    {
        string html = await _client.GetStringAsync("/decisions?version=two&party=bystander&from=2026-13-01&ruleSet=EU");

        Assert.Contains("The filters are invalid", html);
        Assert.Contains("<span id=\"version-error\" class=\"field-error\">&#x27;two&#x27; is not a version", html);
        Assert.Contains("<span id=\"party-error\" class=\"field-error\">&#x27;bystander&#x27; is not a party", html);
        Assert.Contains("<span id=\"from-error\" class=\"field-error\">&#x27;2026-13-01&#x27; is not a date", html);
        Assert.Contains("<span id=\"ruleSet-error\" class=\"field-error\">&#x27;EU&#x27; is not a rule-set name", html);
        Assert.Contains("value=\"two\"", html);
    }

    [Fact]
    public async Task List_EndBeforeStart_ShowsMessageAtEnd()
    {
        string html = await _client.GetStringAsync("/decisions?from=2026-03-05&to=2026-03-01");

        Assert.Contains("<span id=\"to-error\" class=\"field-error\">The end date 2026-03-01 is before the start date 2026-03-05", html);
    }

    [Theory]
    [InlineData("/decisions?to=9999-12-31", "to", "9999-12-31")]
    [InlineData("/decisions?from=0001-01-01", "from", "0001-01-01")]
    [InlineData("/decisions/export.csv?to=9999-12-31", null, null)]
    public async Task List_DayAtCalendarEnd_RejectedNot500(string path, string? field, string? day)
    {
        using var response = await _client.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        if (field is not null)
        {
            Assert.Contains($"<span id=\"{field}-error\" class=\"field-error\">{day} is outside 1950-01-01 to 2199-12-31; check the year.", body);
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task List_Paging_KeepsFilters()
    {
        for (int i = 1; i <= 21; i++)
        {
            await DecideAsync($"KEEP-{i:00}");
        }

        await DecideAsync("DROP-01");

        string first = await _client.GetStringAsync("/decisions?reference=keep&ruleSet=eu");

        Assert.Contains("21 decision(s) match the filters", first);
        Assert.Contains("href=\"/decisions?ruleSet=eu&amp;reference=keep&amp;page=2\"", first);
        string second = await _client.GetStringAsync("/decisions?ruleSet=eu&reference=keep&page=2");
        Assert.Contains("KEEP-01", second);
        Assert.DoesNotContain("DROP-01", second);
        Assert.Contains("Page 2 of 2", second);
    }

    [Fact]
    public async Task ExportCsv_Filtered_HasHeaderAndMatchingRows()
    {
        var decision = await DecideAsync("=HYPERLINK(\"x\")");
        await DecideAsync("OTHER-2");

        var response = await _client.GetAsync("/decisions/export.csv?reference=hyperlink");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition!.ToString());
        string[] lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("sequence,id,created_at,reference,rule_set,rule_set_version,rule_set_sha256,damage_amount,currency,complete,developer_amount,developer_percent,", lines[0]);
        Assert.EndsWith(",injured_person_amount,injured_person_percent,content_hash", lines[0]);
        Assert.StartsWith($"1,{decision["id"]},", lines[1]);
        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\")\",eu,1,", lines[1]);
        Assert.EndsWith($",{decision["contentHash"]}", lines[1]);
    }

    [Fact]
    public async Task ExportCsv_SharesMatchDecision()
    {
        var decision = await DecideAsync("SHARES-1");

        string csv = await _api.GetStringAsync("/api/v1/decisions/export.csv");

        string[] header = csv.Split("\r\n")[0].Split(',');
        string[] row = csv.Split("\r\n")[1].Split(',');
        foreach (var share in decision["shares"]!.AsArray())
        {
            string column = share!["party"]!.GetValue<string>().Replace('-', '_');
            Assert.Equal(share["amount"]!.GetValue<decimal>(), decimal.Parse(row[Array.IndexOf(header, column + "_amount")], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(share["percent"]!.GetValue<decimal>(), decimal.Parse(row[Array.IndexOf(header, column + "_percent")], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task ExportJson_Filtered_ListsDecisions()
    {
        var decision = await DecideAsync("JSON-1");
        await DecideAsync("OTHER-2");

        var response = await _api.GetAsync("/api/v1/decisions/export.json?reference=json");

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var items = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        var item = Assert.Single(items)!;
        Assert.Equal(decision["id"]!.GetValue<string>(), item["id"]!.GetValue<string>());
        Assert.Equal("eu", item["ruleSet"]!["name"]!.GetValue<string>());
        Assert.Equal(decision["shares"]!.AsArray().Count, item["shares"]!.AsArray().Count);
        Assert.Equal(decision["contentHash"]!.GetValue<string>(), item["contentHash"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/decisions/export.csv?party=bystander", "party")]
    [InlineData("/decisions/export.json?from=yesterday", "from")]
    [InlineData("/api/v1/decisions/export.csv?version=1", "version")]
    [InlineData("/api/v1/decisions?to=2026-02-30", "to")]
    public async Task InvalidFilter_Returns400WithFieldError(string url, string field)
    {
        var client = url.StartsWith("/api/", StringComparison.Ordinal) ? _api : _client;

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task ApiList_PartyFilter_KeepsDecisionsWithShare()
    {
        var decision = await DecideAsync("PARTY-1");
        string liable = decision["shares"]!.AsArray().First(s => s!["amount"]!.GetValue<decimal>() > 0)!["party"]!.GetValue<string>();
        string? free = decision["shares"]!.AsArray().FirstOrDefault(s => s!["amount"]!.GetValue<decimal>() == 0)?["party"]?.GetValue<string>();

        var withShare = JsonNode.Parse(await _api.GetStringAsync($"/api/v1/decisions?party={liable}"))!;

        Assert.Equal(1, withShare["total"]!.GetValue<long>());
        if (free is not null)
        {
            var withoutShare = JsonNode.Parse(await _api.GetStringAsync($"/api/v1/decisions?party={free}"))!;
            Assert.Equal(0, withoutShare["total"]!.GetValue<long>());
        }
    }
}
