using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PolicyEngine.Portal.BrowserTests.Infrastructure;
using PolicyEngine.Portal.Security;
using static Microsoft.Playwright.Assertions;

namespace PolicyEngine.Portal.BrowserTests.Flows;

/// <summary>An anonymous visitor opens a page that needs sign-in, signs in and lands on that page.</summary>
public sealed class SignInFlowTests(BrowserFixture browser, PortalServer portal) : PortalPageTest(browser, portal)
{
    protected override string? Role => null;

    [Fact]
    public async Task Decisions_Anonymous_RedirectsToSignIn()
    {
        await Page.GotoAsync("/decisions");

        await Expect(Page).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2Fdecisions$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })
            .GetByRole(AriaRole.Link, new() { Name = "Decisions" })).ToHaveCountAsync(0);
        await SaveScreenshotAsync("anonymous-sent-to-sign-in");

        await FillSignInFormAsync(PortalServer.UserName(PortalRoles.Auditor));

        await Expect(Page).ToHaveURLAsync(new Regex("/decisions$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Decisions", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Banner))
            .ToContainTextAsync($"Signed in as {PortalServer.UserName(PortalRoles.Auditor)} ({PortalRoles.Auditor})");
    }
}
