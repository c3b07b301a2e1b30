using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Pages;

public sealed partial class PortalPageTests : IAsyncLifetime, IDisposable
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

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private static Dictionary<string, string> ValidForm() => new()
    {
        ["Form.Reference"] = "FORM-001",
        ["Form.EventDate"] = "2026-02-01",
        ["Form.RuleSet"] = "eu",
        ["Form.DamageAmount"] = "1000.00",
        ["Form.Currency"] = "EUR",
        ["Form.DamageKind"] = "property",
        ["Form.DisclosedEvidence"] = "true",
        ["Form.DefectDiscoverable"] = "true",
        ["Form.FollowedInstructions"] = "false",
        ["Form.HumanOversight"] = "true",
        ["Form.KeptLogs"] = "true",
        ["Form.Monitored"] = "true",
        ["Form.IgnoredWarnings"] = "true",
        ["Form.InjuredFault"] = "10",
        ["Form.SharesDeterminable"] = "true",
    };

    private async Task<HttpResponseMessage> PostFormAsync(Dictionary<string, string> fields)
    {
        string page = await _client.GetStringAsync("/cases/new");
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value;
        return await _client.PostAsync("/cases/new", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task HomePage_SaysWhatItIsAndListsRuleSets()
    {
        string html = await _client.GetStringAsync("/");

        Assert.Contains("decides who pays when an AI model causes damage", html);
        Assert.Contains("<code>eu</code>", html);
    }

    [Fact]
    public async Task CaseForm_ValidCase_RedirectsToDecisionPage()
    {
        var response = await PostFormAsync(ValidForm());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        string location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/decisions/dec-", location);
        string html = await _client.GetStringAsync(location);
        Assert.Contains("Decision for case FORM-001", html);
        Assert.Contains("DeployerIgnoredInstructionsForUse", html);
        Assert.Contains("600.00 EUR", html);
        Assert.Contains("300.00 EUR", html);
        Assert.Contains("100.00 EUR", html);
    }

    [Fact]
    public async Task CaseForm_AmountNotNumber_ShowsMessageBesideFieldAndKeepsInput()
    {
        var fields = ValidForm();
        fields["Form.DamageAmount"] = "twelve";
        fields["Form.Reference"] = "KEEP-ME";

        var response = await PostFormAsync(fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-valmsg-for=\"Form.DamageAmount\"", html);
        Assert.Contains("&#x27;twelve&#x27; is not a number", html);
        Assert.Contains("value=\"twelve\"", html);
        Assert.Contains("value=\"KEEP-ME\"", html);
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task CaseForm_NegativeAmount_ShowsValidatorMessage()
    {
        var fields = ValidForm();
        fields["Form.DamageAmount"] = "-3";

        var response = await PostFormAsync(fields);

        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Damage amount must be 0 or more; got -3.", html);
        Assert.Contains("value=\"-3\"", html);
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task CaseForm_ProbabilityOutOfRange_ShowsMessageBesideEvidenceField()
    {
        var fields = ValidForm();
        fields["Form.IncludeEvidence"] = "true";
        fields["Form.Accuracy"] = "1.2";
        fields["Form.SampleSize"] = "1000";
        fields["Form.Gap"] = "0.1";
        fields["Form.Noise"] = "0.05";
        fields["Form.Ece"] = "0.02";

        var response = await PostFormAsync(fields);

        string html = await response.Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"Form.Accuracy\"[^>]*>[^<]*must be a probability from 0 to 1; got 1.2", html);
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task CaseForm_WithoutAntiforgeryToken_IsRejected()
    {
        var response = await _client.PostAsync("/cases/new", new FormUrlEncodedContent(ValidForm()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task DecisionList_ShowsSubmittedDecisionNewestFirst()
    {
        await PostFormAsync(ValidForm());
        var second = ValidForm();
        second["Form.Reference"] = "FORM-002";
        await PostFormAsync(second);

        string html = await _client.GetStringAsync("/decisions");

        Assert.Contains("2 decision(s), newest first.", html);
        Assert.True(html.IndexOf("FORM-002", StringComparison.Ordinal) < html.IndexOf("FORM-001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DecisionPage_UnknownId_ShowsPortal404Page()
    {
        var response = await _client.GetAsync("/decisions/dec-missing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CaseForm_SeveralMistakes_AllShownInOneRound()
    {
        var fields = ValidForm();
        fields["Form.DamageAmount"] = "12,5x";
        fields["Form.Currency"] = "EURO";
        fields["Form.DeclaredAccuracy"] = "1.7";
        fields["Form.UserFault"] = "150";

        var response = await PostFormAsync(fields);

        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("&#x27;12,5x&#x27; is not a number such as 1250.50; use a point as the decimal separator", html);
        Assert.Contains("Currency &#x27;EURO&#x27; is not an ISO 4217 currency code", html);
        Assert.Contains("Declared accuracy (0 to 1) must be a probability from 0 to 1; got 1.7.", html);
        Assert.Contains("User&#x27;s fault (%) must be a percentage from 0 to 100; got 150.", html);
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task CaseForm_CommaDecimal_IsRejectedNotReadAsThousands()
    {
        var fields = ValidForm();
        fields["Form.DamageAmount"] = "1250,50";

        var response = await PostFormAsync(fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("use a point as the decimal separator", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task CaseForm_UnreadableCheckbox_IsRejected()
    {
        var fields = ValidForm();
        fields["Form.Misuse"] = "yes";

        var response = await PostFormAsync(fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The case was not decided", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task DecisionList_SecondPage_ShowsOlderDecisions()
    {
        for (int i = 1; i <= 21; i++)
        {
            var body = JsonNode.Parse(Samples.ReadCase("warehouse-robot-ignored-warnings.json"))!;
            body["reference"] = $"PAGED-{i:00}";
            var posted = await _api.PostAsync("/api/v1/decisions", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        string first = await _client.GetStringAsync("/decisions");
        string second = await _client.GetStringAsync("/decisions?page=2");

        Assert.Contains("PAGED-21", first);
        Assert.DoesNotContain("PAGED-01", first);
        Assert.Contains("Page 2 of 2", second);
        Assert.Contains("PAGED-01", second);
        Assert.DoesNotContain("PAGED-21", second);
    }

    [Fact]
    public async Task DecisionPage_ShowsVersionPeriodAndReason()
    {
        var response = await PostFormAsync(ValidForm());

        string html = await _client.GetStringAsync(response.Headers.Location!.OriginalString);

        Assert.Contains("<code>eu</code> version 1", html);
        Assert.Contains("<dt>Version applies</dt><dd>from 2024-08-01 with no end date</dd>", html);
        Assert.Contains(
            "<dt>Why this version</dt><dd>Version 1 is the highest published version in force on the event date 2026-02-01: "
            + "it applies from 2024-08-01 with no end date.</dd>",
            html);
    }

    [Fact]
    public async Task CaseForm_NamedVersion_IsRecordedOnDecisionPage()
    {
        var fields = ValidForm();
        fields["Form.RuleSetVersion"] = "1";

        var response = await PostFormAsync(fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        string html = await _client.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Version 1 was named by the case", html);
    }

    [Fact]
    public async Task CaseForm_UnknownVersion_ShowsMessageBesideVersionField()
    {
        var fields = ValidForm();
        fields["Form.RuleSetVersion"] = "4";

        var response = await PostFormAsync(fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"Form.RuleSetVersion\"[^>]*>Rule set &#x27;eu&#x27; has no version 4", html);
        Assert.Contains("value=\"4\"", html);
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task CaseForm_EventBeforeRuleSet_ShowsMessageBesideDate()
    {
        var fields = ValidForm();
        fields["Form.EventDate"] = "2023-05-01";

        var response = await PostFormAsync(fields);

        string html = await response.Content.ReadAsStringAsync();
        Assert.Matches(
            "data-valmsg-for=\"Form.EventDate\"[^>]*>No published version of rule set &#x27;eu&#x27; applies on 2023-05-01", html);
        Assert.Equal(0, await DecisionCountAsync());
    }

    [Fact]
    public async Task CaseForm_VersionNotNumber_ShowsParseMessage()
    {
        var fields = ValidForm();
        fields["Form.RuleSetVersion"] = "v2";

        var response = await PostFormAsync(fields);

        string html = await response.Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"Form.RuleSetVersion\"[^>]*>&#x27;v2&#x27; is not a whole number", html);
        Assert.Equal(0, await DecisionCountAsync());
    }

    private async Task<long> DecisionCountAsync()
    {
        var list = JsonNode.Parse(await _api.GetStringAsync("/api/v1/decisions?pageSize=1"))!;
        return list["total"]!.GetValue<long>();
    }
}
