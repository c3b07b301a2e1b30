using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PolicyEngine.Portal.BrowserTests.Infrastructure;
using PolicyEngine.Portal.Security;
using static Microsoft.Playwright.Assertions;

namespace PolicyEngine.Portal.BrowserTests.Flows;

/// <summary>A regulator opens a rule set from the list and runs the scenarios that ship with it.</summary>
public sealed class RuleSetScenarioTests(BrowserFixture browser, PortalServer portal) : PortalPageTest(browser, portal)
{
    protected override string? Role => PortalRoles.Regulator;

    [Fact]
    public async Task RunScenarios_EuRuleSet_AllPass()
    {
        int scenarioCount = CountScenarios("eu");

        await Page.GotoAsync("/rulesets");
        await Page.GetByRole(AriaRole.Table, new() { Name = "Rule sets" })
            .GetByRole(AriaRole.Link, new() { Name = "eu", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Rule set eu", Level = 1 })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Run scenarios" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Status))
            .ToContainTextAsync($"{scenarioCount} of {scenarioCount} scenario(s) passed, 0 failed, under version 1");
        var results = Page.GetByRole(AriaRole.Table, new() { Name = "Scenario results" });
        var passed = results.GetByRole(AriaRole.Cell, new() { Name = "passed", Exact = true });
        var failed = results.GetByRole(AriaRole.Cell, new() { Name = "failed", Exact = true });
        await Expect(passed).ToHaveCountAsync(scenarioCount);
        await Expect(failed).ToHaveCountAsync(0);
        await SaveScreenshotAsync("ruleset-eu-scenarios-passed");
    }

    /// <summary>
    /// Counts the scenarios in the rule set's scenario file, which the portal's build copies
    /// beside the tests.
    /// </summary>
    private static int CountScenarios(string ruleSet)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "RuleSets", "scenarios", $"{ruleSet}.scenarios.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        return root["scenarios"]!.AsArray().Count;
    }
}
