using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Pages;

/// <summary>The rule-set list and the rule-set page with its Run scenarios button.</summary>
public sealed class RuleSetPageTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory _factory = new();
    private HttpClient _client = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _client = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);
        _api = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    private static int RuleCount(string ruleSet) =>
        JsonNode.Parse(File.ReadAllText(ScenarioCases.RuleSetPath(ruleSet)))!["Rules"]!.AsArray().Count;

    [Fact]
    public async Task Layout_LinksToRuleSets()
    {
        string html = await _client.GetStringAsync("/");

        Assert.Contains("<a href=\"/rulesets\">Rule sets</a>", html);
    }

    [Fact]
    public async Task RuleSetList_ShowsEachRuleSetsFigures()
    {
        var api = JsonNode.Parse(await _api.GetStringAsync("/api/v1/rule-sets"))!;

        string html = await _client.GetStringAsync("/RuleSets");

        foreach (var item in api["items"]!.AsArray())
        {
            string name = item!["name"]!.GetValue<string>();
            string sha256 = item["versions"]![0]!["sha256"]!.GetValue<string>();
            var row = Regex.Match(html, $"<tr>\\s*<th scope=\"row\"><a href=\"/rulesets/{name}\"><code>{name}</code></a></th>.*?</tr>", RegexOptions.Singleline);
            Assert.True(row.Success, $"No row for {name}.");
            var cells = Regex.Matches(row.Value, "<td[^>]*>(.*?)</td>", RegexOptions.Singleline).Select(m => m.Groups[1].Value.Trim()).ToList();
            Assert.Equal("1", cells[0]);
            Assert.Contains($">{sha256[..12]}…</code>", cells[1]);
            Assert.Equal(RuleCount(name).ToString(), cells[2]);
            Assert.Equal(ScenarioCases.Read(name).Count.ToString(), cells[3]);
            Assert.Contains(WebEncode(item["description"]!.GetValue<string>())[..40], cells[4]);
        }
    }

    [Fact]
    public async Task RuleSetPage_ShowsRulesAndRunButton()
    {
        string html = await _client.GetStringAsync("/rulesets/eu");

        Assert.Contains("<h1>Rule set <code>eu</code></h1>", html);
        Assert.Contains("DeveloperProductDefectiveForMissedAccuracy", html);
        Assert.Contains("action=\"/rulesets/eu#scenarios\"", html);
        Assert.Contains(">Run scenarios</button>", html);
        Assert.DoesNotContain("scenario(s) passed", html);
    }

    [Fact]
    public async Task RunScenarios_Eu_ShowsEveryScenarioPassing()
    {
        var scenarios = ScenarioCases.Read("eu");

        var response = await PortalForms.PostAsync(_client, "/rulesets/eu", "/rulesets/eu");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<strong>{scenarios.Count} of {scenarios.Count} scenario(s) passed</strong>, 0 failed, under version 1", html);
        foreach (var (name, _) in scenarios)
        {
            Assert.Matches($"<th scope=\"row\">{Regex.Escape(WebEncode(name))}</th>\\s*<td>passed</td>", html);
        }

        Assert.DoesNotContain("<td>failed</td>", html);
    }

    [Fact]
    public async Task RunScenarios_WithoutAntiforgeryToken_IsRejected()
    {
        var response = await _client.PostAsync("/rulesets/eu", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RuleSetPage_UnknownName_ShowsPortal404Page()
    {
        var response = await _client.GetAsync("/rulesets/atlantis");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    // The encoder Razor uses, so that apostrophes and other characters are escaped as on the page.
    private static string WebEncode(string text) => System.Text.Encodings.Web.HtmlEncoder.Default.Encode(text);
}
