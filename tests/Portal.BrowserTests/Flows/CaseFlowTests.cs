using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PolicyEngine.Portal.BrowserTests.Infrastructure;
using PolicyEngine.Portal.Security;
using static Microsoft.Playwright.Assertions;

namespace PolicyEngine.Portal.BrowserTests.Flows;

/// <summary>An auditor enters a case in the form, reads the decision and re-evaluates it.</summary>
public sealed class CaseFlowTests(BrowserFixture browser, PortalServer portal) : PortalPageTest(browser, portal)
{
    protected override string? Role => PortalRoles.Auditor;

    [Fact]
    public async Task SubmitCase_ValidForm_DecidesAndReEvaluates()
    {
        await Page.GotoAsync("/");
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })
            .GetByRole(AriaRole.Link, new() { Name = "New case" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "New case", Level = 1 })).ToBeVisibleAsync();

        await Page.GetByLabel("Case reference").FillAsync("BROWSER-DEPLOYER-1");
        await Page.GetByLabel("Date of the event").FillAsync("2026-06-15");
        await Page.GetByLabel("Rule set", new() { Exact = true }).SelectOptionAsync("eu");
        await Page.GetByLabel("Damage amount").FillAsync("1250.50");
        await Page.GetByLabel("Currency").FillAsync("EUR");
        await Page.GetByLabel("Followed the instructions for use").UncheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Decide the case" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/decisions/[^/?#]+$"));
        var heading = Page.GetByRole(
            AriaRole.Heading, new() { Name = "Decision for case BROWSER-DEPLOYER-1", Level = 1 });
        await Expect(heading).ToBeVisibleAsync();

        var shares = Page.GetByRole(AriaRole.Table, new() { Name = "Shares of the damage" });
        await Expect(RowWithHeader(shares, "Total")).ToContainTextAsync("1,250.50 EUR");
        await Expect(RowWithHeader(shares, "Total")).ToContainTextAsync("100.00%");
        await Expect(RowWithHeader(shares, "deployer")).ToContainTextAsync("1,250.50 EUR");
        await Expect(RowWithHeader(shares, "developer")).ToContainTextAsync("0.00 EUR");

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Explanation by party" })).ToBeVisibleAsync();
        var deployerExplanation = Page.GetByRole(AriaRole.Region, new() { Name = "Explanation for the deployer" });
        await Expect(deployerExplanation).ToContainTextAsync("DeployerIgnoredInstructionsForUse");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Re-evaluate" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Identical" }))
            .ToContainTextAsync("re-evaluating under eu version 1 gives exactly the stored result");
        await SaveScreenshotAsync("case-decided-and-re-evaluated");
    }

    [Fact]
    public async Task SubmitCase_CommaInAmount_KeepsInputWithError()
    {
        await Page.GotoAsync("/cases/new");

        await Page.GetByLabel("Case reference").FillAsync("BROWSER-BAD-AMOUNT");
        await Page.GetByLabel("Damage amount").FillAsync("1250,50");
        await Page.GetByLabel("Kept logs").UncheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Decide the case" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The case was not decided");
        var amountField = Page.Locator(".field").Filter(new() { Has = Page.GetByLabel("Damage amount") });
        await Expect(amountField).ToContainTextAsync(
            "'1250,50' is not a number such as 1250.50; use a point as the decimal separator "
            + "and no thousands separators.");
        await Expect(Page.GetByLabel("Damage amount")).ToHaveValueAsync("1250,50");
        await Expect(Page.GetByLabel("Case reference")).ToHaveValueAsync("BROWSER-BAD-AMOUNT");
        await Expect(Page.GetByLabel("Kept logs")).Not.ToBeCheckedAsync();
        await Expect(Page.GetByLabel("Followed the instructions for use")).ToBeCheckedAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/cases/new$"));
        await SaveScreenshotAsync("case-rejected-bad-amount");
    }
}
