using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PolicyEngine.Portal.BrowserTests.Infrastructure;
using PolicyEngine.Portal.Security;
using static Microsoft.Playwright.Assertions;

namespace PolicyEngine.Portal.BrowserTests.Flows;

/// <summary>
/// An auditor can neither open a draft's editor nor save a draft with a form post, even with a
/// valid antiforgery token. A regulator, signed in in a second browser context, creates the draft.
/// </summary>
public sealed class AuditorEditorAccessTests(BrowserFixture browser, PortalServer portal) : PortalPageTest(browser, portal)
{
    protected override string? Role => PortalRoles.Auditor;

    /// <summary>Name of the antiforgery token field that ASP.NET Core's form tag helper adds to each post form.</summary>
    private const string TokenField = "__RequestVerificationToken";

    [Fact]
    public async Task DraftEditor_Auditor_ShowsNotAllowed()
    {
        var draft = await CreateDraftAsRegulatorAsync("cn");

        var response = await Page.GotoAsync(draft.Path);

        Assert.NotNull(response);
        Assert.Equal(403, response.Status);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Textbox, new() { Name = "Rule-set JSON" })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = $"Publish version {draft.Version}" })).ToHaveCountAsync(0);
        await SaveScreenshotAsync("auditor-refused-draft-editor");
    }

    [Fact]
    public async Task SaveHandler_AuditorWithValidToken_Returns403()
    {
        var draft = await CreateDraftAsRegulatorAsync("us-modified-51");
        string changed = draft.Text.Replace("\"Description\": \"", "\"Description\": \"Changed by an auditor. ", StringComparison.Ordinal);
        Assert.NotEqual(draft.Text, changed);

        // Hidden inputs have no role or label, so the token field is found by the name the server reads.
        await Page.GotoAsync("/cases/new");
        string token = await Page.Locator($"input[name='{TokenField}']").First.InputValueAsync();
        Assert.NotEmpty(token);
        string saveHandler = $"{draft.Path}?handler=Save";

        // Without the token the antiforgery check rejects the post with 400, so a 403 with the
        // token shows that the post passed that check and the role check rejected it.
        var withoutToken = await Page.APIRequest.PostAsync(saveHandler, new()
        {
            Form = Page.APIRequest.CreateFormData().Set("Text", changed),
            MaxRedirects = 0,
        });
        Assert.Equal(400, withoutToken.Status);
        var withToken = await Page.APIRequest.PostAsync(saveHandler, new()
        {
            Form = Page.APIRequest.CreateFormData().Set("Text", changed).Set(TokenField, token),
            MaxRedirects = 0,
        });
        Assert.Equal(403, withToken.Status);

        await draft.Regulator.ReloadAsync();
        await Expect(draft.Regulator.GetByRole(AriaRole.Textbox, new() { Name = "Rule-set JSON" })).ToHaveValueAsync(draft.Text);
        await draft.Regulator.GotoAsync($"/rulesets/{draft.RuleSet}");
        var edits = draft.Regulator.GetByRole(AriaRole.Table, new() { Name = "Edit log" });
        await Expect(edits.GetByRole(AriaRole.Cell, new() { Name = "draft-created", Exact = true })).ToHaveCountAsync(1);
        await Expect(edits.GetByRole(AriaRole.Cell, new() { Name = "saved", Exact = true })).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Signs a regulator in on a page of its own, creates a draft of <paramref name="ruleSet"/>
    /// from version 1 there, and returns that page with the draft's address and text.
    /// </summary>
    private async Task<Draft> CreateDraftAsRegulatorAsync(string ruleSet)
    {
        var regulator = await OpenSignedInPageAsync(PortalRoles.Regulator);
        await regulator.GotoAsync($"/rulesets/{ruleSet}");
        await regulator.GetByRole(AriaRole.Button, new() { Name = "Create a draft from version 1" }).ClickAsync();

        await Expect(regulator).ToHaveURLAsync(new Regex($"/rulesets/{ruleSet}/versions/\\d+\\?done=created$"));
        int version = int.Parse(Regex.Match(regulator.Url, @"/versions/(\d+)").Groups[1].Value);
        var editor = regulator.GetByRole(AriaRole.Textbox, new() { Name = "Rule-set JSON" });
        await Expect(editor).ToHaveValueAsync(new Regex($"\"WorkflowName\": \"{ruleSet}\""));
        return new Draft(regulator, ruleSet, version, await editor.InputValueAsync());
    }

    private sealed record Draft(IPage Regulator, string RuleSet, int Version, string Text)
    {
        public string Path => $"/rulesets/{RuleSet}/versions/{Version}";
    }
}
