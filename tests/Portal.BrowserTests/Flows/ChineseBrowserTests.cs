using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PolicyEngine.Portal.BrowserTests.Infrastructure;
using PolicyEngine.Portal.Security;
using static Microsoft.Playwright.Assertions;

namespace PolicyEngine.Portal.BrowserTests.Flows;

/// <summary>
/// An auditor whose browser requests Chinese signs in, sets a time zone on the profile page,
/// enters a case with a mistake and then correctly, all in Simplified Chinese.
/// </summary>
public sealed class ChineseBrowserTests(BrowserFixture browser, PortalServer portal) : PortalPageTest(browser, portal)
{
    protected override string? Role => null;

    protected override string Locale => "zh-CN";

    [Fact]
    public async Task ChineseAuditor_EntersCase_SeesChineseAndLocalTime()
    {
        string name = PortalServer.UserName(PortalRoles.Auditor);
        await Page.GotoAsync("/signin");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "登录", Level = 1 })).ToBeVisibleAsync();
        await Page.GetByLabel("用户名").FillAsync(name);
        await Page.GetByLabel("密码").FillAsync(PortalServer.Password);
        await Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Banner)).ToContainTextAsync($"已登录：{name}（审计员）");

        await Page.GetByRole(AriaRole.Link, new() { Name = "个人设置" }).ClickAsync();
        await Page.GetByLabel("时区").SelectOptionAsync("Asia/Shanghai");
        await Page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("设置已保存。");

        await Page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" })
            .GetByRole(AriaRole.Link, new() { Name = "新案件" }).ClickAsync();
        await Page.GetByLabel("案件编号").FillAsync("ZH-BROWSER-1");
        await Page.GetByLabel("事件发生日期").FillAsync("2026-06-15");
        await Page.GetByLabel("规则集", new() { Exact = true }).SelectOptionAsync("eu");
        await Page.GetByLabel("损害金额").FillAsync("1250,50");
        await Page.GetByLabel("货币").FillAsync("EUR");
        await Page.GetByLabel("遵守了使用说明").UncheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "裁决此案件" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("案件未获裁决");
        var amount = Page.GetByLabel("损害金额");
        await Expect(amount).ToHaveValueAsync("1250,50");
        await Expect(amount).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(amount).ToHaveAccessibleDescriptionAsync(new Regex("“1250,50”不是形如 1250.50 的数字"));
        await SaveScreenshotAsync("chinese-case-rejected-bad-amount");

        await amount.FillAsync("1250.50");
        await Page.GetByRole(AriaRole.Button, new() { Name = "裁决此案件" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/decisions/[^/?#]+$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "案件 ZH-BROWSER-1 的裁决", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        await Expect(Page.GetByRole(AriaRole.Main)).ToContainTextAsync("UTC+08:00");
        await SaveScreenshotAsync("chinese-case-decided");
    }
}
