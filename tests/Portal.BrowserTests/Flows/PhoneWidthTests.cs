using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PolicyEngine.Portal.BrowserTests.Infrastructure;
using PolicyEngine.Portal.Security;
using static Microsoft.Playwright.Assertions;

namespace PolicyEngine.Portal.BrowserTests.Flows;

/// <summary>
/// An auditor, a regulator and an admin on a phone-sized window (390x844) use the portal's
/// pages; no page may be wider than the screen.
/// </summary>
public sealed class PhoneWidthTests(BrowserFixture browser, PortalServer portal) : PortalPageTest(browser, portal)
{
    protected override string? Role => PortalRoles.Auditor;

    protected override ViewportSize Viewport => new() { Width = 390, Height = 844 };

    [Fact]
    public async Task AuditorPages_PhoneWidth_FitScreen()
    {
        await Page.GotoAsync("/cases/new");
        await AssertFitsWidthAsync();
        await Page.GetByLabel("Case reference").FillAsync("PHONE-1");
        await Page.GetByLabel("Date of the event").FillAsync("2026-06-15");
        await Page.GetByLabel("Rule set", new() { Exact = true }).SelectOptionAsync("eu");
        await Page.GetByLabel("Damage amount").FillAsync("800.00");
        await Page.GetByLabel("Currency").FillAsync("EUR");
        await Page.GetByLabel("Followed the instructions for use").UncheckAsync();
        // Long rule names, such as InjuredPersonContributedByOwnFault, must wrap on the decision page.
        await Page.GetByLabel("Kept human oversight").UncheckAsync();
        await Page.GetByLabel("Injured person's own fault (%)").FillAsync("10");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Decide the case" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/decisions/[^/?#]+$"));
        await AssertFitsWidthAsync();
        await SaveScreenshotAsync("phone-decision");

        foreach (string path in new[] { "/", "/decisions", "/evidence", "/audit", "/access-log", "/rulesets", "/rulesets/eu", "/profile" })
        {
            await Page.GotoAsync(path);
            await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await AssertFitsWidthAsync();
        }
    }

    [Fact]
    public async Task RegulatorPages_PhoneWidth_FitScreen()
    {
        var page = await OpenSignedInPageAsync(PortalRoles.Regulator);

        await page.GotoAsync("/rulesets/cn");
        await AssertFitsWidthAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a draft from version 1" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/rulesets/cn/versions/\d+\?done=created$"));
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Rule-set JSON" })).ToBeVisibleAsync();
        await AssertFitsWidthAsync(page);
        int draft = int.Parse(Regex.Match(page.Url, @"/versions/(\d+)").Groups[1].Value);

        await page.GotoAsync($"/rulesets/cn/diff?from=1&to={draft}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await AssertFitsWidthAsync(page);
        await page.GotoAsync("/rulesets/cn/versions/1");
        await AssertFitsWidthAsync(page);
    }

    [Fact]
    public async Task AdminPages_PhoneWidth_FitScreen()
    {
        var page = await OpenSignedInPageAsync(PortalRoles.Admin);

        foreach (string path in new[] { "/admin/users", "/admin/api-keys", "/access-log", "/profile" })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await AssertFitsWidthAsync(page);
        }
    }
}
