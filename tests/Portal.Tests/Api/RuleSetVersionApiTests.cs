using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Api;

/// <summary>
/// Which rule-set version decides a case: the published version in force on the event date, or the
/// version the case names. The portal seeds eu version 1, which applies from 2024-08-01 with no end date.
/// </summary>
public sealed class RuleSetVersionApiTests : IAsyncLifetime, IDisposable
{
    private const string HospitalCase = "hospital-triage-missed-accuracy.json";

    private readonly PortalFactory _factory = new();
    private HttpClient _client = null!;
    private RuleSetRepository _ruleSets = null!;

    public async Task InitializeAsync()
    {
        _client = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
        _ruleSets = _factory.Services.GetRequiredService<RuleSetRepository>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    /// <summary>Returns the shipped eu rule set with other dates, so that it compiles and decides like version 1.</summary>
    private static string EuWithDates(string appliesFrom, string? appliesUntil = null)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(DefaultRuleSetSeeder.DefaultFolder, "eu.json")))!.AsObject();
        document["AppliesFrom"] = appliesFrom;
        if (appliesUntil is not null)
        {
            document["AppliesUntil"] = appliesUntil;
        }

        return document.ToJsonString();
    }

    private async Task<RuleSetVersion> PublishAsync(string name, string content) =>
        await _ruleSets.AddPublishedVersionAsync(name, null, content, RuleSetHash.Compute(content), "regulator", CancellationToken.None);

    private async Task<RuleSetVersion> AddDraftAsync(string name, string content) =>
        await _ruleSets.AddDraftVersionAsync(name, null, content, RuleSetHash.Compute(content), "regulator", CancellationToken.None);

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostCaseAsync(string eventDate, int? ruleSetVersion = null, string ruleSet = "eu")
    {
        var body = JsonNode.Parse(Samples.ReadCase(HospitalCase))!;
        body["eventDate"] = eventDate;
        body["ruleSet"] = ruleSet;
        if (ruleSetVersion is not null)
        {
            body["ruleSetVersion"] = ruleSetVersion;
        }

        var response = await _client.PostAsync("/api/v1/decisions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static string SingleError(JsonNode problem, string field)
    {
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"errors name {string.Join(", ", errors.Select(e => e.Key))}, not {field}");
        return Assert.Single(errors[field]!.AsArray())!.GetValue<string>();
    }

    private async Task<long> DecisionCountAsync()
    {
        var list = JsonNode.Parse(await _client.GetStringAsync("/api/v1/decisions?pageSize=1"))!;
        return list["total"]!.GetValue<long>();
    }

    [Fact]
    public async Task EventBeforeEveryVersion_Returns400OnEventDate()
    {
        var (status, problem) = await PostCaseAsync("2019-03-01");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            "No published version of rule set 'eu' applies on 2019-03-01; the earliest applies from 2024-08-01. "
            + "Check the event date, or choose a rule set that applies on it.",
            SingleError(problem, "eventDate"));
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task EventDayBeforeAppliesFrom_Returns400()
    {
        var (status, problem) = await PostCaseAsync("2024-07-31");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("applies on 2024-07-31", SingleError(problem, "eventDate"));
    }

    [Fact]
    public async Task EventAfterEveryEndDate_NamesLatestEnd()
    {
        await PublishAsync("ended", EuWithDates("2024-08-01", "2025-12-31").Replace("\"eu\"", "\"ended\"", StringComparison.Ordinal));

        var (status, problem) = await PostCaseAsync("2026-01-01", ruleSet: "ended");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            "No published version of rule set 'ended' applies on 2026-01-01; the latest applies until 2025-12-31. "
            + "Check the event date, or choose a rule set that applies on it.",
            SingleError(problem, "eventDate"));
    }

    [Fact]
    public async Task EventInGapBetweenVersions_ListsPeriods()
    {
        string Gap(string from, string? until) =>
            EuWithDates(from, until).Replace("\"eu\"", "\"gap\"", StringComparison.Ordinal);
        await PublishAsync("gap", Gap("2024-01-01", "2024-12-31"));
        await PublishAsync("gap", Gap("2026-01-01", null));

        var (status, problem) = await PostCaseAsync("2025-06-01", ruleSet: "gap");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(
            "the published versions apply from 2024-01-01 until 2024-12-31 (version 1), from 2026-01-01 with no end date (version 2)",
            SingleError(problem, "eventDate"));
    }

    [Fact]
    public async Task NoVersion_UsesVersionInForceOnEventDate()
    {
        await PublishAsync("eu", EuWithDates("2027-01-01"));

        var (beforeStatus, before) = await PostCaseAsync("2026-12-31");
        var (fromStatus, from) = await PostCaseAsync("2027-01-01");

        Assert.Equal(HttpStatusCode.Created, beforeStatus);
        Assert.Equal(1, before["ruleSet"]!["version"]!.GetValue<int>());
        Assert.Equal("2024-08-01", before["ruleSet"]!["appliesFrom"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, fromStatus);
        Assert.Equal(2, from["ruleSet"]!["version"]!.GetValue<int>());
        Assert.Equal("2027-01-01", from["ruleSet"]!["appliesFrom"]!.GetValue<string>());
        Assert.Null(from["ruleSet"]!["appliesUntil"]);
        Assert.Equal("event-date", from["ruleSet"]!["selectedBy"]!.GetValue<string>());
        Assert.Equal(
            "Version 2 is the highest published version in force on the event date 2027-01-01: "
            + "it applies from 2027-01-01 with no end date.",
            from["ruleSet"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task NoVersion_NewerDraftIsNotUsed()
    {
        await AddDraftAsync("eu", EuWithDates("2024-08-01"));

        var (status, decision) = await PostCaseAsync("2026-03-14");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(1, decision["ruleSet"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task NamedVersion_IsUsedAndRecorded()
    {
        await PublishAsync("eu", EuWithDates("2027-01-01"));

        var (status, decision) = await PostCaseAsync("2027-03-01", ruleSetVersion: 1);

        Assert.Equal(HttpStatusCode.Created, status);
        var ruleSet = decision["ruleSet"]!;
        Assert.Equal(1, ruleSet["version"]!.GetValue<int>());
        Assert.Equal("case", ruleSet["selectedBy"]!.GetValue<string>());
        Assert.Equal("2024-08-01", ruleSet["appliesFrom"]!.GetValue<string>());
        Assert.Equal(
            "Version 1 was named by the case; it applies from 2024-08-01 with no end date, which includes the event date 2027-03-01.",
            ruleSet["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task NamedVersion_IsReadBackAndStoredInResult()
    {
        var (_, created) = await PostCaseAsync("2026-03-14", ruleSetVersion: 1);
        string id = created["id"]!.GetValue<string>();

        var read = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/decisions/{id}"))!;

        Assert.True(JsonNode.DeepEquals(created["ruleSet"], read["ruleSet"]));
        var connections = _factory.Services.GetRequiredService<SqliteConnectionFactory>();
        await using var connection = connections.Open();
        string resultJson = await connection.ExecuteScalarAsync<string>(
            "SELECT result_json FROM decisions WHERE id = @id", new { id }) ?? "";
        var selection = JsonNode.Parse(resultJson)!["ruleSetSelection"]!;
        Assert.Equal("case", selection["selectedBy"]!.GetValue<string>());
        Assert.Equal("2024-08-01", selection["appliesFrom"]!.GetValue<string>());
        Assert.Equal(created["ruleSet"]!["reason"]!.GetValue<string>(), selection["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task NamedUnknownVersion_Returns400OnRuleSetVersion()
    {
        var (status, problem) = await PostCaseAsync("2026-03-14", ruleSetVersion: 9);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            "Rule set 'eu' has no version 9; name a published version (1) "
            + "or leave the rule-set version out to use the one in force on the event date.",
            SingleError(problem, "ruleSetVersion"));
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task NamedDraft_Returns400OnRuleSetVersion()
    {
        await AddDraftAsync("eu", EuWithDates("2024-08-01"));

        var (status, problem) = await PostCaseAsync("2026-03-14", ruleSetVersion: 2);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            "Version 2 of rule set 'eu' is a draft, not published, so it cannot decide a case; name a published version (1) "
            + "or leave the rule-set version out to use the one in force on the event date.",
            SingleError(problem, "ruleSetVersion"));
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task NamedVersionOutOfPeriod_SuggestsVersionInForce()
    {
        await PublishAsync("eu", EuWithDates("2027-01-01"));

        var (status, problem) = await PostCaseAsync("2026-03-14", ruleSetVersion: 2);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            "Version 2 of rule set 'eu' applies from 2027-01-01 with no end date, which does not include the event date 2026-03-14; "
            + "name version 1, which applies on that date, or leave the rule-set version out to use the one in force on the event date.",
            SingleError(problem, "ruleSetVersion"));
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task NamedVersionOutOfPeriod_NoneApplies_SaysCheckDate()
    {
        var (status, problem) = await PostCaseAsync("2020-05-01", ruleSetVersion: 1);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            "Version 1 of rule set 'eu' applies from 2024-08-01 with no end date, which does not include the event date 2020-05-01, "
            + "and no published version applies on that date; check the event date.",
            SingleError(problem, "ruleSetVersion"));
    }

    [Fact]
    public async Task NamedVersionWithoutDates_Returns400()
    {
        await PublishAsync("eu", """{"WorkflowName":"eu","Rules":[]}""");

        var (status, problem) = await PostCaseAsync("2026-03-14", ruleSetVersion: 2);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(
            "Version 2 of rule set 'eu' has no AppliesFrom date, because it was stored before rule sets carried one",
            SingleError(problem, "ruleSetVersion"));
    }

    [Fact]
    public async Task OnlyVersionsWithoutDates_Returns400OnRuleSet()
    {
        await PublishAsync("old", """{"WorkflowName":"old","Rules":[]}""");

        var (status, problem) = await PostCaseAsync("2026-03-14", ruleSet: "old");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("No published version of rule set 'old' has an AppliesFrom date", SingleError(problem, "ruleSet"));
    }

    [Fact]
    public async Task DecisionStoredBeforeDates_ShowsSelectionAsNotRecorded()
    {
        var (_, created) = await PostCaseAsync("2026-03-14");
        var connections = _factory.Services.GetRequiredService<SqliteConnectionFactory>();
        string resultJson;
        await using (var connection = connections.Open())
        {
            resultJson = await connection.ExecuteScalarAsync<string>(
                "SELECT result_json FROM decisions WHERE id = @id", new { id = created["id"]!.GetValue<string>() }) ?? "";
        }

        var olderResult = JsonNode.Parse(resultJson)!.AsObject();
        Assert.True(olderResult.Remove("ruleSetSelection"));
        var ruleSet = created["ruleSet"]!;
        var older = await _factory.Services.GetRequiredService<DecisionRepository>().AppendAsync(
            new NewDecision(
                "OLDER-1", "eu", 1, ruleSet["sha256"]!.GetValue<string>(), null, 185000.00m, "EUR",
                """{"reference":"OLDER-1"}""", olderResult.ToJsonString()),
            CancellationToken.None);

        var read = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/decisions/{older.Id}"))!["ruleSet"]!;
        string html = await _client.GetStringAsync($"/decisions/{older.Id}");

        Assert.Equal(1, read["version"]!.GetValue<int>());
        Assert.Null(read["appliesFrom"]);
        Assert.Null(read["selectedBy"]);
        Assert.Null(read["reason"]);
        Assert.Contains("<dt>Version applies</dt><dd>not recorded</dd>", html);
        Assert.Contains("Not recorded: the decision was stored before rule-set versions carried dates.", html);
    }

    [Theory]
    [InlineData("0", "ruleSetVersion 0 is not a version number")]
    [InlineData("-1", "ruleSetVersion -1 is not a version number")]
    [InlineData("\"2\"", "must be a whole JSON number")]
    [InlineData("1.5", "must be a whole number")]
    public async Task InvalidVersionValue_Returns400OnRuleSetVersion(string value, string expected)
    {
        var body = JsonNode.Parse(Samples.ReadCase(HospitalCase))!;
        body["ruleSetVersion"] = JsonNode.Parse(value);

        var response = await _client.PostAsync("/api/v1/decisions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(expected, SingleError(problem, "ruleSetVersion"));
    }
}
