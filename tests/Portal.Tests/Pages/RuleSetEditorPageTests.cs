using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Pages;

/// <summary>The rule-set editor pages: drafts, saving, scenarios, publishing, diff, import and impact preview.</summary>
public sealed partial class RuleSetEditorPageTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory _factory = new();
    private HttpClient _client = null!;
    private HttpClient _api = null!;
    private HttpClient _cases = null!;

    /// <summary>
    /// Signs a regulator in for the pages, and creates a regulator's API key for the API steps and
    /// an auditor's for submitting cases, which regulators may not do.
    /// </summary>
    public async Task InitializeAsync()
    {
        _client = await _factory.CreateSignedInClientAsync(PortalRoles.Regulator);
        _api = await _factory.CreateApiClientAsync(PortalRoles.Regulator);
        _cases = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task CreateDraft_NameInFormBody_UsesRuleSetInAddress()
    {
        using var response = await PortalForms.PostAsync(
            _client, "/rulesets/eu", "/rulesets/eu?handler=CreateDraft", new() { ["fromVersion"] = "1", ["name"] = "cn" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/rulesets/eu/versions/2", response.Headers.Location!.OriginalString);
        Assert.Equal(0L, DatabaseFile.QuerySingle<long>(
            _factory, "SELECT count(*) FROM rule_set_versions WHERE rule_set_name = 'cn' AND version = 2"));
    }

    [Fact]
    public async Task CreateDraft_FromPublished_OpensEditor()
    {
        string published = await RuleSetDrafts.ExportAsync(_api, "eu", 1);

        var response = await PortalForms.PostAsync(
            _client, "/rulesets/eu", "/rulesets/eu?handler=CreateDraft", new() { ["fromVersion"] = "1" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/rulesets/eu/versions/2?done=created", response.Headers.Location!.OriginalString);
        string html = await _client.GetStringAsync("/rulesets/eu/versions/2");
        Assert.Contains("<textarea id=\"content\" name=\"Text\"", html);
        Assert.Contains(HtmlEncoder.Default.Encode("\"WorkflowName\": \"eu\""), html);
        Assert.Contains("<textarea id=\"scenarios-text\" name=\"Scenarios\"", html);
        Assert.Equal(published, await RuleSetDrafts.ExportAsync(_api, "eu", 2));
    }

    [Fact]
    public async Task CreateDraft_IsInEditLog()
    {
        await PortalForms.PostAsync(_client, "/rulesets/eu", "/rulesets/eu?handler=CreateDraft", new() { ["fromVersion"] = "1" });

        string html = await _client.GetStringAsync("/rulesets/eu");

        var row = Regex.Match(html, "<table aria-label=\"Edit log\">.*?</table>", RegexOptions.Singleline);
        Assert.True(row.Success, "The rule-set page has no edit log table.");
        Assert.Contains("<td>test-regulator</td>", row.Value);
        Assert.Contains("<td>draft-created</td>", row.Value);
        Assert.Contains("Created from version 1", row.Value);
        Assert.Contains("scenarios copied from eu.scenarios.json", row.Value);
    }

    [Fact]
    public async Task Save_CompileError_ShowsRuleAndLine()
    {
        int draft = await RuleSetDrafts.CreateAsync(_api, "eu", 1);
        string original = await RuleSetDrafts.ExportAsync(_api, "eu", draft);
        string broken = original.Replace(
            "\"Expression\": \"productLiabilityApplies && declaredAccuracyNotMet\"",
            "\"Expression\": \"productLiabilityApplies && facts.Developer.NoSuchField\"",
            StringComparison.Ordinal);
        Assert.NotEqual(original, broken);
        int line = LineOf(broken, "NoSuchField");

        var response = await SaveAsync(draft, broken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        var problems = Regex.Match(html, "<ol class=\"problems\" aria-label=\"Problems\">.*?</ol>", RegexOptions.Singleline);
        Assert.True(problems.Success, "The page lists no problems.");
        Assert.Contains($"<a href=\"#content-L{line}\">Line {line}</a>", problems.Value);
        Assert.Contains("<strong>DeveloperProductDefectiveForMissedAccuracy</strong>", problems.Value);
        Assert.Contains("<code>$.Rules[0].Expression</code>", problems.Value);
        Assert.Contains($"<span id=\"content-L{line}\" class=\"error-line\">{line}</span>", html);
        Assert.Contains(HtmlEncoder.Default.Encode("facts.Developer.NoSuchField"), html);
        Assert.Equal(original, await RuleSetDrafts.ExportAsync(_api, "eu", draft));
    }

    [Fact]
    public async Task Save_CompileError_EditorIsDescribedByProblems()
    {
        int draft = await RuleSetDrafts.CreateAsync(_api, "eu", 1);
        string original = await RuleSetDrafts.ExportAsync(_api, "eu", draft);
        string broken = original.Replace(
            "productLiabilityApplies && declaredAccuracyNotMet", "productLiabilityApplies and declaredAccuracyNotMet", StringComparison.Ordinal);
        Assert.NotEqual(original, broken);

        var response = await SaveAsync(draft, broken);

        string html = await response.Content.ReadAsStringAsync();
        var editor = Regex.Match(html, "<textarea id=\"content\"[^>]*>");
        Assert.True(editor.Success, "The page has no rule-set editor.");
        var problems = Regex.Matches(html, "<li id=\"(content-problem-\\d+)\">.*?</li>", RegexOptions.Singleline);
        Assert.NotEmpty(problems);
        string describedBy = string.Join(' ', problems.Select(problem => problem.Groups[1].Value));
        Assert.Equal(describedBy, Regex.Match(editor.Value, "aria-describedby=\"([^\"]*)\"").Groups[1].Value);
        Assert.Contains(problems, problem => problem.Value.Contains("<strong>DeveloperProductDefectiveForMissedAccuracy</strong>"));
        var scenarioEditor = Regex.Match(html, "<textarea id=\"scenarios-text\"[^>]*>");
        Assert.True(scenarioEditor.Success, "The page has no scenarios editor.");
        Assert.DoesNotContain("aria-describedby", scenarioEditor.Value);
    }

    [Fact]
    public async Task Save_ValidText_IsStoredAndLogged()
    {
        int draft = await RuleSetDrafts.CreateAsync(_api, "eu", 1);
        string changed = RuleSetDrafts.WithChangedWeights(await RuleSetDrafts.ExportAsync(_api, "eu", draft));

        var response = await SaveAsync(draft, changed);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/rulesets/eu/versions/{draft}?done=saved", response.Headers.Location!.OriginalString);
        Assert.Equal(changed, await RuleSetDrafts.ExportAsync(_api, "eu", draft));
        string details = await _client.GetStringAsync("/rulesets/eu");
        Assert.Contains("<td>saved</td>", details);
        Assert.Matches(@"\d+ line\(s\) removed, \d+ line\(s\) added\.", details);
    }

    [Fact]
    public async Task Save_PublishedVersion_IsRejected()
    {
        string original = await RuleSetDrafts.ExportAsync(_api, "eu", 1);

        var response = await SaveAsync(1, RuleSetDrafts.WithChangedWeights(original));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("is frozen. Create a draft from it and edit the draft.", html);
        Assert.DoesNotContain("<textarea", html);
        Assert.Equal(original, await RuleSetDrafts.ExportAsync(_api, "eu", 1));
    }

    [Fact]
    public async Task RunScenarios_Draft_ShowsResults()
    {
        int draft = await RuleSetDrafts.CreateAsync(_api, "eu", 1);
        int count = ScenarioCases.Read("eu").Count;
        string page = $"/rulesets/eu/versions/{draft}";

        var response = await PortalForms.PostAsync(_client, page, $"{page}?handler=RunScenarios");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<strong>{count} of {count} scenario(s) passed</strong>, 0 failed, under version {draft}", html);
    }

    [Fact]
    public async Task Publish_FailingScenario_IsRejected()
    {
        int draft = await RuleSetDrafts.CreateAsync(_api, "eu", 1);
        Assert.Equal(HttpStatusCode.OK, (await RuleSetDrafts.SaveAsync(
            _api, "eu", draft, RuleSetDrafts.WithChangedWeights(await RuleSetDrafts.ExportAsync(_api, "eu", draft)))).StatusCode);
        string page = $"/rulesets/eu/versions/{draft}";

        var response = await PortalForms.PostAsync(_client, page, $"{page}?handler=Publish");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"Version {draft} was not published:", html);
        Assert.Matches("<th scope=\"row\">[^<]+</th>\\s*<td>failed</td>", html);
        Assert.Equal("draft", await StatusAsync(draft));
    }

    [Fact]
    public async Task Publish_WithoutScenarios_IsRejected()
    {
        string copy = (await RuleSetDrafts.ExportAsync(_api, "eu", 1))
            .Replace("\"WorkflowName\": \"eu\"", "\"WorkflowName\": \"eu-copy\"", StringComparison.Ordinal);
        var import = await _api.PostAsync("/api/v1/rule-sets/imports", RuleSetDrafts.Json(copy));
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);

        var response = await PortalForms.PostAsync(_client, "/rulesets/eu-copy/versions/1", "/rulesets/eu-copy/versions/1?handler=Publish");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("No scenarios are attached to version 1.", await response.Content.ReadAsStringAsync());
        Assert.Equal("draft", await StatusAsync(1, "eu-copy"));
    }

    [Fact]
    public async Task Publish_PassingScenarios_FreezesVersion()
    {
        int draft = await RuleSetDrafts.CreateAsync(_api, "eu", 1);
        string page = $"/rulesets/eu/versions/{draft}";

        var response = await PortalForms.PostAsync(_client, page, $"{page}?handler=Publish");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("published", await StatusAsync(draft));
        string html = await _client.GetStringAsync(page);
        Assert.Matches(@"<dt>Published</dt><dd><time datetime=""[^""]+Z"">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC</time> by test-regulator</dd>", html);
        Assert.DoesNotContain("<textarea", html);
        var save = await _api.PutAsync($"/api/v1/rule-sets/eu/versions/{draft}/content",
            RuleSetDrafts.Json(RuleSetDrafts.WithChangedWeights(await RuleSetDrafts.ExportAsync(_api, "eu", draft))));
        Assert.Equal(HttpStatusCode.Conflict, save.StatusCode);
        Assert.Contains("<td>published</td>", await _client.GetStringAsync("/rulesets/eu"));
    }

    [Fact]
    public async Task Diff_ChangedLine_IsMarked()
    {
        int draft = await RuleSetDrafts.CreateAsync(_api, "eu", 1);
        string original = await RuleSetDrafts.ExportAsync(_api, "eu", draft);
        string changed = original.Replace("\"Value\": 0.05,", "\"Value\": 0.08,", StringComparison.Ordinal);
        Assert.NotEqual(original, changed);
        Assert.Equal(HttpStatusCode.OK, (await RuleSetDrafts.SaveAsync(_api, "eu", draft, changed)).StatusCode);
        int line = LineOf(changed, "\"Value\": 0.08,");

        string html = await _client.GetStringAsync($"/rulesets/eu/diff?from=1&to={draft}");

        Assert.Contains("1 line(s) differ.", html);
        var row = Regex.Match(html, $"<tr>\\s*<td class=\"line-number number\">{line}</td>.*?</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"The diff has no row for line {line}.");
        Assert.Contains("<td class=\"text modified\">~       &quot;Value&quot;: 0.05,</td>", row.Value);
        Assert.Contains("<td class=\"text modified\">~       &quot;Value&quot;: 0.08,</td>", row.Value);
    }

    [Fact]
    public async Task Diff_UnknownVersion_IsNotFound()
    {
        var response = await _client.GetAsync("/rulesets/eu/diff?from=1&to=9");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Rule set &#x27;eu&#x27; has no version 9. Versions: 1.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Import_ValidFile_CreatesDraft()
    {
        string copy = (await RuleSetDrafts.ExportAsync(_api, "us-pure", 1))
            .Replace("\"WorkflowName\": \"us-pure\"", "\"WorkflowName\": \"us-pure-next\"", StringComparison.Ordinal);

        var response = await ImportAsync("us-pure-next.json", copy);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/rulesets/us-pure-next/versions/1?done=imported", response.Headers.Location!.OriginalString);
        Assert.Equal(copy, await RuleSetDrafts.ExportAsync(_api, "us-pure-next", 1));
        Assert.Equal("draft", await StatusAsync(1, "us-pure-next"));
        Assert.Contains("Imported from file us-pure-next.json", await _client.GetStringAsync("/rulesets/us-pure-next"));
    }

    [Fact]
    public async Task Import_InvalidFile_ShowsProblems()
    {
        var response = await ImportAsync("broken.json", "{\n  \"WorkflowName\": \"broken\",\n  \"Rules\": [\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The file was not imported", html);
        Assert.Contains("not valid JSON", html);
        Assert.DoesNotContain("/rulesets/broken", html);
    }

    [Fact]
    public async Task ImpactPreview_ChangedDecision_StoresNothing()
    {
        var decision = await _cases.PostAsync("/api/v1/decisions", RuleSetDrafts.Json(Samples.ReadCase("warehouse-robot-ignored-warnings.json")));
        Assert.Equal(HttpStatusCode.Created, decision.StatusCode);
        string decisionId = JsonNode.Parse(await decision.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        int draft = await RuleSetDrafts.CreateAsync(_api, "eu", 1);
        Assert.Equal(HttpStatusCode.OK, (await RuleSetDrafts.SaveAsync(
            _api, "eu", draft, RuleSetDrafts.WithChangedWeights(await RuleSetDrafts.ExportAsync(_api, "eu", draft)))).StatusCode);
        var before = CountRows();
        string page = $"/rulesets/eu/versions/{draft}";

        var response = await PortalForms.PostAsync(_client, page, $"{page}?handler=Impact");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        string location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/rulesets/eu/impact/", location);
        var job = await ImpactPreviewPolling.WaitAsync(_api, location["/rulesets/eu/impact/".Length..]);
        Assert.Equal(1, job["result"]!["total"]!.GetValue<int>());
        Assert.Equal(1, job["result"]!["changed"]!.GetValue<int>());
        Assert.Equal(decisionId, job["result"]!["decisions"]![0]!["decisionId"]!.GetValue<string>());
        Assert.NotEmpty(job["result"]!["decisions"]![0]!["changes"]!.AsArray());
        string html = await _client.GetStringAsync(location);
        Assert.Contains("<dt>Outcomes that would change</dt><dd>1</dd>", html);
        Assert.Contains($"<a href=\"/decisions/{decisionId}\">{decisionId}</a>", html);
        Assert.DoesNotContain("http-equiv=\"refresh\"", html);
        Assert.Equal(before, CountRows());
    }

    private Task<HttpResponseMessage> SaveAsync(int version, string text)
    {
        string page = $"/rulesets/eu/versions/{version}";
        return PortalForms.PostAsync(_client, page, $"{page}?handler=Save", new() { ["Text"] = text });
    }

    private async Task<HttpResponseMessage> ImportAsync(string fileName, string content)
    {
        string page = await _client.GetStringAsync("/rulesets");
        string token = AntiforgeryToken().Match(page).Groups[1].Value;
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(content), "Upload", fileName },
        };
        return await _client.PostAsync("/rulesets?handler=Import", form);
    }

    private async Task<string> StatusAsync(int version, string name = "eu")
    {
        var list = JsonNode.Parse(await _api.GetStringAsync("/api/v1/rule-sets"))!["items"]!.AsArray();
        var ruleSet = list.Single(i => i!["name"]!.GetValue<string>() == name)!;
        return ruleSet["versions"]!.AsArray().Single(v => v!["version"]!.GetValue<int>() == version)!["status"]!.GetValue<string>();
    }

    /// <summary>Counts the rows of the tables an impact preview must leave alone.</summary>
    private (long Decisions, long Versions, long Edits, long Evidence) CountRows()
    {
        using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath}");
        return (
            connection.ExecuteScalar<long>("SELECT count(*) FROM decisions"),
            connection.ExecuteScalar<long>("SELECT count(*) FROM rule_set_versions"),
            connection.ExecuteScalar<long>("SELECT count(*) FROM rule_set_edits"),
            connection.ExecuteScalar<long>("SELECT count(*) FROM evidence"));
    }

    private static int LineOf(string text, string fragment)
    {
        int index = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(index >= 0, $"The text has no '{fragment}'.");
        return text[..index].Count(c => c == '\n') + 1;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
