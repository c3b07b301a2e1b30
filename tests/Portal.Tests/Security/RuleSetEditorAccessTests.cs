using System.Net;
using System.Text.RegularExpressions;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Security;

/// <summary>
/// The rule-set editor by role. Regulators edit rule sets. Auditors read the published versions
/// and compare drafts on the diff page, but neither open a draft nor send any of the editor's forms.
/// </summary>
public sealed partial class RuleSetEditorAccessTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory _factory = new();
    private HttpClient _regulator = null!;
    private HttpClient _auditor = null!;
    private int _draft;

    /// <summary>Signs in a regulator and an auditor, and creates a draft of eu through the API.</summary>
    public async Task InitializeAsync()
    {
        _regulator = await _factory.CreateSignedInClientAsync(PortalRoles.Regulator);
        _auditor = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);
        using var api = await _factory.CreateApiClientAsync(PortalRoles.Regulator);
        _draft = await RuleSetDrafts.CreateAsync(api, "eu", 1);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>
    /// Posts an editor form as <paramref name="client"/> with a valid antiforgery token, taken from
    /// the rule set's page, which has a form for every reader.
    /// </summary>
    private static async Task<HttpResponseMessage> PostFormAsync(
        HttpClient client, string action, Dictionary<string, string> fields)
    {
        string page = await client.GetStringAsync("/rulesets/eu");
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, "The rule-set page has no antiforgery token.");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token.Groups[1].Value };
        return await client.PostAsync(action, new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task DraftPage_Auditor_IsForbidden()
    {
        using var response = await _auditor.GetAsync($"/rulesets/eu/versions/{_draft}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<textarea", html);
        Assert.DoesNotContain("\"Rules\"", html);
    }

    [Fact]
    public async Task DraftDiff_Auditor_IsShown()
    {
        using var response = await _auditor.GetAsync($"/rulesets/eu/diff?from=1&to={_draft}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"Version {_draft} (draft)", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DraftPage_Regulator_ShowsEditor()
    {
        using var response = await _regulator.GetAsync($"/rulesets/eu/versions/{_draft}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<textarea id=\"content\" name=\"Text\"", html);
    }

    [Theory]
    [InlineData("Save")]
    [InlineData("SaveScenarios")]
    [InlineData("RunScenarios")]
    [InlineData("Impact")]
    [InlineData("Publish")]
    public async Task DraftForm_Auditor_IsForbidden(string handler)
    {
        using var api = await _factory.CreateApiClientAsync(PortalRoles.Regulator);
        string before = await RuleSetDrafts.ExportAsync(api, "eu", _draft);

        using var response = await PostFormAsync(
            _auditor, $"/rulesets/eu/versions/{_draft}?handler={handler}", new() { ["Text"] = "{}", ["Scenarios"] = "{}" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await RuleSetDrafts.ExportAsync(api, "eu", _draft));
    }

    [Fact]
    public async Task SaveForm_Regulator_IsStored()
    {
        using var api = await _factory.CreateApiClientAsync(PortalRoles.Regulator);
        string changed = RuleSetDrafts.WithChangedWeights(await RuleSetDrafts.ExportAsync(api, "eu", _draft));

        using var response = await PostFormAsync(
            _regulator, $"/rulesets/eu/versions/{_draft}?handler=Save", new() { ["Text"] = changed });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(changed, await RuleSetDrafts.ExportAsync(api, "eu", _draft));
    }

    [Fact]
    public async Task CreateDraftForm_Auditor_IsForbidden()
    {
        using var response = await PostFormAsync(_auditor, "/rulesets/eu?handler=CreateDraft", new() { ["fromVersion"] = "1" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        string html = await _regulator.GetStringAsync("/rulesets/eu");
        Assert.DoesNotContain($"/rulesets/eu/versions/{_draft + 1}\"", html);
    }

    [Fact]
    public async Task ImportForm_Auditor_IsForbidden()
    {
        string page = await _auditor.GetStringAsync("/rulesets");
        string token = AntiforgeryToken().Match(page).Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("{ \"WorkflowName\": \"imported\", \"Rules\": [] }"), "Upload", "imported.json" },
        };

        using var response = await _auditor.PostAsync("/rulesets?handler=Import", form);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("Import a rule set", page);
    }

    [Fact]
    public async Task RuleSetPage_Auditor_HidesEditingForms()
    {
        string html = await _auditor.GetStringAsync("/rulesets/eu");

        Assert.DoesNotContain("handler=CreateDraft", html);
        Assert.DoesNotContain($"href=\"/rulesets/eu/versions/{_draft}\"", html);
        Assert.Contains("href=\"/rulesets/eu/versions/1\"", html);
        Assert.Contains("href=\"/rulesets/eu/versions/1/export\"", html);
        Assert.Contains("<button type=\"submit\">Run scenarios</button>", html);
    }

    [Fact]
    public async Task RuleSetPage_Regulator_ShowsEditingForms()
    {
        string html = await _regulator.GetStringAsync("/rulesets/eu");

        Assert.Contains("handler=CreateDraft", html);
        Assert.Contains($"href=\"/rulesets/eu/versions/{_draft}\"", html);
    }

    [Fact]
    public async Task ScenarioRun_Auditor_IsAllowed()
    {
        using var response = await PostFormAsync(_auditor, "/rulesets/eu", new());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("scenario(s) passed", await response.Content.ReadAsStringAsync());
    }
}
