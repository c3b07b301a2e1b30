using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Pages;

/// <summary>The Re-evaluate button on the decision page, posted as a browser posts the form.</summary>
public sealed class ReEvaluationPageTests : IAsyncLifetime, IDisposable
{
    private const string IdenticalText = "<strong>Identical:</strong>";

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

    private async Task<string> DecideAsync(string caseJson)
    {
        var response = await _api.PostAsync("/api/v1/decisions", new StringContent(caseJson, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    private async Task<string> PressReEvaluateAsync(string id)
    {
        var response = await PortalForms.PostAsync(_client, $"/decisions/{id}", $"/decisions/{id}?handler=ReEvaluate");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task DecisionPage_HasReEvaluateForm()
    {
        string id = await DecideAsync(Samples.ReadCase("hospital-triage-missed-accuracy.json"));

        string html = await _client.GetStringAsync($"/decisions/{id}");

        Assert.Contains($"action=\"/decisions/{id}?handler=ReEvaluate#re-evaluation\"", html);
        Assert.Contains(">Re-evaluate</button>", html);
        Assert.DoesNotContain(IdenticalText, html);
    }

    [Theory]
    [MemberData(nameof(ScenarioCases.RuleSetNames), MemberType = typeof(ScenarioCases))]
    public async Task ReEvaluate_FreshDecision_ShowsIdentical(string ruleSet)
    {
        string id = await DecideAsync(ScenarioCases.Read(ruleSet)[0].CaseJson);

        string html = await PressReEvaluateAsync(id);

        Assert.Contains(IdenticalText, html);
        Assert.Contains($"re-evaluating under <code>{ruleSet}</code> version 1 gives exactly the stored result", html);
        Assert.Contains("Decision for case SCENARIO-", html);
    }

    [Fact]
    public async Task ReEvaluate_AlteredResult_ShowsDifferenceTable()
    {
        string id = await DecideAsync(Samples.ReadCase("hospital-triage-missed-accuracy.json"));
        DatabaseFile.Execute(_factory, "DROP TRIGGER decisions_no_update");
        DatabaseFile.Execute(
            _factory, "UPDATE decisions SET result_json = json_set(result_json, '$.shares[0].amount', 7) WHERE id = @id", new { id });

        string html = await PressReEvaluateAsync(id);

        Assert.DoesNotContain(IdenticalText, html);
        Assert.Contains("differs from the stored one at 1 place(s)", html);
        Assert.Matches(@"<code>\$\.shares\[0\]\.amount</code></th>\s*<td><code>7</code></td>\s*<td><code>123333.33</code></td>", html);
    }

    [Fact]
    public async Task ReEvaluate_AlteredRuleSet_ShowsFailedCheck()
    {
        string id = await DecideAsync(Samples.ReadCase("hospital-triage-missed-accuracy.json"));
        DatabaseFile.Execute(_factory, "DROP TRIGGER rule_set_versions_published_no_update");
        DatabaseFile.Execute(
            _factory, "UPDATE rule_set_versions SET content = json_set(content, '$.Description', 'Edited') WHERE rule_set_name = 'eu'");

        string html = await PressReEvaluateAsync(id);

        Assert.Contains("Not re-evaluated: check <code>rule-set-sha256</code> failed", html);
        Assert.DoesNotContain(IdenticalText, html);
    }

    [Fact]
    public async Task ReEvaluate_WithoutAntiforgeryToken_IsRejected()
    {
        string id = await DecideAsync(Samples.ReadCase("hospital-triage-missed-accuracy.json"));

        var response = await _client.PostAsync($"/decisions/{id}?handler=ReEvaluate", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ReEvaluate_UnknownDecision_ShowsPortal404Page()
    {
        string id = await DecideAsync(Samples.ReadCase("hospital-triage-missed-accuracy.json"));

        // The token comes from a real decision page. The form is then posted for an id that does not exist.
        var response = await PortalForms.PostAsync(_client, $"/decisions/{id}", "/decisions/dec-missing?handler=ReEvaluate");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }
}
