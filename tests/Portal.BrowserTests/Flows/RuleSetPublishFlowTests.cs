using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PolicyEngine.Portal.BrowserTests.Infrastructure;
using PolicyEngine.Portal.Security;
using static Microsoft.Playwright.Assertions;

namespace PolicyEngine.Portal.BrowserTests.Flows;

/// <summary>
/// A regulator creates a draft of a rule set, saves an expression that does not compile, reads the
/// problem beside the editor, corrects it, adds a scenario, runs the scenarios and publishes.
/// </summary>
public sealed class RuleSetPublishFlowTests(BrowserFixture browser, PortalServer portal) : PortalPageTest(browser, portal)
{
    protected override string? Role => PortalRoles.Regulator;

    private const string RuleSet = "us-pure";
    private const string ChangedRule = "UserLiableForAssessedFault";
    private const string ShippedExpression = "\"Expression\": \"(facts.User.FaultPercent ?? 0) > 0\"";
    private const string MisspeltMember = "FaultPercnt";
    private const string BrokenExpression = "(facts.User.FaultPercnt ?? 0) > 0";
    private const string CorrectedExpression = "facts.User.FaultPercent.GetValueOrDefault() > 0";
    private const string AddedScenario = "User assessed at 40% beside an injured person at 60%: the user pays 40%";

    [Fact]
    public async Task PublishDraft_CorrectedRule_ListsVersionPublished()
    {
        await Page.GotoAsync($"/rulesets/{RuleSet}");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create a draft from version 1" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex($"/rulesets/{RuleSet}/versions/\\d+\\?done=created$"));
        int draft = int.Parse(Regex.Match(Page.Url, @"/versions/(\d+)").Groups[1].Value);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 }))
            .ToHaveTextAsync($"Rule set {RuleSet}, version {draft} (draft)");

        var editor = Page.GetByRole(AriaRole.Textbox, new() { Name = "Rule-set JSON" });
        string shipped = await editor.InputValueAsync();
        Assert.Contains(ShippedExpression, shipped);

        string broken = shipped.Replace(ShippedExpression, $"\"Expression\": \"{BrokenExpression}\"", StringComparison.Ordinal);
        await SaveTextAsync(editor, broken);
        await ExpectProblemBesideEditorAsync(editor, broken);

        string corrected = shipped.Replace(ShippedExpression, $"\"Expression\": \"{CorrectedExpression}\"", StringComparison.Ordinal);
        await SaveTextAsync(editor, corrected);
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved. The text compiles.");
        await Expect(Page.GetByRole(AriaRole.List, new() { Name = "Problems" })).ToHaveCountAsync(0);
        await Expect(editor).ToHaveValueAsync(corrected);

        var scenarios = Page.GetByRole(AriaRole.Textbox, new() { Name = "Scenarios JSON" });
        var scenarioFile = JsonNode.Parse(await scenarios.InputValueAsync())!;
        var scenarioList = scenarioFile["scenarios"]!.AsArray();
        scenarioList.Add(UserAtFortyPercent());
        await scenarios.FillAsync(scenarioFile.ToJsonString(new() { WriteIndented = true }));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save scenarios" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Scenarios saved.");
        await Expect(scenarios).ToHaveValueAsync(new Regex(Regex.Escape(AddedScenario)));

        int count = scenarioList.Count;
        await Page.GetByRole(AriaRole.Button, new() { Name = "Run scenarios" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status))
            .ToContainTextAsync($"{count} of {count} scenario(s) passed, 0 failed, under version {draft}");
        var results = Page.GetByRole(AriaRole.Table, new() { Name = "Scenario results" });
        await Expect(RowWithHeader(results, AddedScenario)).ToContainTextAsync("passed");
        await Expect(results.GetByRole(AriaRole.Cell, new() { Name = "failed", Exact = true })).ToHaveCountAsync(0);

        await Page.GetByRole(AriaRole.Button, new() { Name = $"Publish version {draft}" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Published. This version is now frozen.");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 }))
            .ToHaveTextAsync($"Rule set {RuleSet}, version {draft} (published)");

        await Page.GetByRole(AriaRole.Link, new() { Name = $"Rule set {RuleSet}" }).ClickAsync();
        var versions = Page.GetByRole(AriaRole.Table, new() { Name = "Versions" });
        var published = versions.GetByRole(AriaRole.Row).Filter(new()
        {
            Has = Page.GetByRole(AriaRole.Link, new() { Name = draft.ToString(), Exact = true }),
        });
        await Expect(published.GetByRole(AriaRole.Cell, new() { Name = "published", Exact = true })).ToBeVisibleAsync();
        string publisher = PortalServer.UserName(PortalRoles.Regulator);
        await Expect(published).ToContainTextAsync(new Regex($@"\d{{4}}-\d{{2}}-\d{{2}} \d{{2}}:\d{{2}}:\d{{2}} UTC by {publisher}"));
        await SaveScreenshotAsync("ruleset-draft-corrected-and-published");
    }

    private async Task SaveTextAsync(ILocator editor, string text)
    {
        await editor.FillAsync(text);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
    }

    /// <summary>
    /// Checks that the page lists the problem with the misspelt member beside the editor, names the
    /// rule, its line and the position in the expression, links it to the editor as its
    /// description, and keeps the text that was sent.
    /// </summary>
    private async Task ExpectProblemBesideEditorAsync(ILocator editor, string broken)
    {
        int line = broken[..broken.IndexOf(MisspeltMember, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        int position = BrokenExpression.IndexOf(MisspeltMember, StringComparison.Ordinal);
        string message = $"'{MisspeltMember}' at position {position} is not a member of";

        await Expect(Page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        var problems = Page.GetByRole(AriaRole.List, new() { Name = "Problems" });
        await Expect(problems).ToContainTextAsync($"rule {ChangedRule}");
        await Expect(problems).ToContainTextAsync(message);
        await Expect(problems).ToContainTextAsync("The closest known name is 'FaultPercent'.");
        await Expect(problems.GetByRole(AriaRole.Link, new() { Name = $"Line {line}", Exact = true })).ToBeVisibleAsync();
        await Expect(editor).ToHaveAccessibleDescriptionAsync(
            new Regex($"rule {ChangedRule}.*{Regex.Escape(message)}", RegexOptions.Singleline));
        await Expect(editor).ToHaveValueAsync(broken);

        // Beside: the list starts right of the editor, within the editor's height.
        var editorBox = (await editor.BoundingBoxAsync())!;
        var problemsBox = (await problems.BoundingBoxAsync())!;
        Assert.True(problemsBox.X >= editorBox.X + editorBox.Width, "The problems are not right of the editor.");
        Assert.InRange(problemsBox.Y, editorBox.Y, editorBox.Y + editorBox.Height);
    }

    /// <summary>
    /// A case that only the changed rule and the injured person's own fault decide: the user pays
    /// 400 of 1,000 USD and the injured person keeps 600.
    /// </summary>
    private static JsonObject UserAtFortyPercent() => new()
    {
        ["name"] = AddedScenario,
        ["case"] = new JsonObject
        {
            ["reference"] = "SCENARIO-US-PURE-BROWSER",
            ["eventDate"] = "2026-04-15",
            ["ruleSet"] = RuleSet,
            ["damage"] = new JsonObject { ["amount"] = 1000.0, ["currency"] = "USD", ["kind"] = "personal-injury" },
            ["user"] = new JsonObject { ["faultPercent"] = 40 },
            ["injuredPerson"] = new JsonObject { ["faultPercent"] = 60 },
        },
        ["expect"] = new JsonObject
        {
            ["fired"] = new JsonArray(ChangedRule, "InjuredPersonContributedByOwnFault"),
            ["jointAndSeveral"] = false,
            ["shares"] = new JsonObject
            {
                ["developer"] = 0,
                ["deployer"] = 0,
                ["user"] = 400.0,
                ["injured-person"] = 600.0,
            },
        },
    };
}
