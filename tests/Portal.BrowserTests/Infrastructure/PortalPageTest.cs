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

    private IBrowserContext? _context;
    private IPage? _page;

    protected IPage Page => _page ?? throw new InvalidOperationException("The page opens in InitializeAsync.");

    /// <summary>
    /// The role each test starts signed in with, as the user that <see cref="PortalServer"/>
    /// created for it; null to start as an anonymous visitor.
    /// </summary>
    protected abstract string? Role { get; }

    public async Task InitializeAsync()
    {
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = portal.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        _page = await _context.NewPageAsync();
        if (Role is { } role)
        {
            await SignInAsync(role);
        }
    }

    /// <summary>
    /// Signs in through the sign-in form as the user that <see cref="PortalServer"/> created for
    /// <paramref name="role"/>, and waits for the header to name that user.
    /// </summary>
    protected async Task SignInAsync(string role)
    {
        string name = PortalServer.UserName(role);
        await Page.GotoAsync("/signin");
        await FillSignInFormAsync(name);

        await Expect(Page.GetByRole(AriaRole.Banner)).ToContainTextAsync($"Signed in as {name} ({role})");
    }

    /// <summary>Fills in the sign-in form on the current page with <paramref name="name"/> and the test password, and sends it.</summary>
    protected async Task FillSignInFormAsync(string name)
    {
        await Page.GetByLabel("User name").FillAsync(name);
        await Page.GetByLabel("Password").FillAsync(PortalServer.Password);
        await Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
    }

    /// <summary>
    /// Finds the row of <paramref name="table"/> whose row header is <paramref name="header"/> exactly.
    /// </summary>
    protected ILocator RowWithHeader(ILocator table, string header) =>
        table.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions
        {
            Has = Page.GetByRole(AriaRole.Rowheader, new PageGetByRoleOptions { Name = header, Exact = true }),
        });

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
