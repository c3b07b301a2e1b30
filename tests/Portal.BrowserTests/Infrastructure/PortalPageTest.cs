using System.Reflection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PolicyEngine.Portal.BrowserTests.Infrastructure;

/// <summary>
/// Base of the browser tests: each test gets a new browser context (no cookies from other tests)
/// at 1280x800 whose relative URLs resolve against the class's portal, and one page in it, signed
/// in with the role that the test class states.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class PortalPageTest(BrowserFixture browser, PortalServer portal)
    : IClassFixture<PortalServer>, IAsyncLifetime
{
    /// <summary>Folder of the screenshots of finished flows: TestResults/screenshots in the repository root.</summary>
    public static string ScreenshotFolder { get; } = typeof(PortalPageTest).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ScreenshotFolder").Value!;

    private readonly List<IBrowserContext> _contexts = [];
    private IPage? _page;

    protected IPage Page => _page ?? throw new InvalidOperationException("The page opens in InitializeAsync.");

    /// <summary>
    /// The role each test starts signed in with, as the user that <see cref="PortalServer"/>
    /// created for it; null to start as an anonymous visitor.
    /// </summary>
    protected abstract string? Role { get; }

    /// <summary>The size of every page's window: 1280x800 unless a test class checks another width.</summary>
    protected virtual ViewportSize Viewport => new() { Width = 1280, Height = 800 };

    /// <summary>The browser's language, which it sends as Accept-Language: British English unless a class tests another.</summary>
    protected virtual string Locale => "en-GB";

    public async Task InitializeAsync()
    {
        _page = await NewPageAsync();
        if (Role is { } role)
        {
            await SignInAsync(role);
        }
    }

    /// <summary>
    /// Signs in through the sign-in form as the user that <see cref="PortalServer"/> created for
    /// <paramref name="role"/>, and waits for the header to name that user.
    /// </summary>
    protected Task SignInAsync(string role) => SignInAsync(Page, role);

    /// <summary>
    /// Opens a page in a browser context of its own, so with cookies apart from <see cref="Page"/>'s,
    /// and signs it in as <paramref name="role"/>. It closes with the test's own page.
    /// </summary>
    protected async Task<IPage> OpenSignedInPageAsync(string role)
    {
        var page = await NewPageAsync();
        await SignInAsync(page, role);
        return page;
    }

    /// <summary>Fills in the sign-in form on the current page with <paramref name="name"/> and the test password, and sends it.</summary>
    protected Task FillSignInFormAsync(string name) => FillSignInFormAsync(Page, name);

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = portal.BaseAddress.ToString(),
            ViewportSize = Viewport,
            Locale = Locale,
            TimezoneId = "UTC",
        });
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    private static async Task SignInAsync(IPage page, string role)
    {
        string name = PortalServer.UserName(role);
        await page.GotoAsync("/signin");
        await FillSignInFormAsync(page, name);

        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync($"Signed in as {name} ({role})");
    }

    private static async Task FillSignInFormAsync(IPage page, string name)
    {
        await page.GetByLabel("User name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(PortalServer.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>
    /// Finds the row of <paramref name="table"/> whose row header is <paramref name="header"/> exactly.
    /// </summary>
    protected ILocator RowWithHeader(ILocator table, string header) =>
        table.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions
        {
            Has = Page.GetByRole(AriaRole.Rowheader, new PageGetByRoleOptions { Name = header, Exact = true }),
        });

    /// <summary>
    /// Asserts that the current page fits the window's width, so that nothing but a table or
    /// code box that scrolls inside its own frame is wider than the screen.
    /// </summary>
    protected async Task AssertFitsWidthAsync(IPage? page = null)
    {
        page ??= Page;
        var widths = await page.EvaluateAsync<int[]>(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{page.Url} is {widths[0]} px wide in a {widths[1]} px window.");
    }

    /// <summary>Saves a full-page screenshot of the current page as TestResults/screenshots/NAME.png.</summary>
    protected async Task SaveScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ScreenshotFolder, $"{name}.png"),
            FullPage = true,
        });
    }
}
