using Microsoft.Playwright;

namespace PolicyEngine.Portal.BrowserTests.Infrastructure;

/// <summary>
/// Starts Playwright and one headless Debian Chromium for every test class of the browser
/// collection. Playwright's own browser download cannot work without internet access, so the
/// fixture launches the system browser through <see cref="BrowserTypeLaunchOptions.ExecutablePath"/>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string DefaultChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// Environment variable that names another Chromium executable, for systems other than Debian.
    /// </summary>
    public const string ChromiumPathVariable = "POLICYENGINE_CHROMIUM";

    /// <summary>
    /// Chromium run as root starts only without its sandbox. The other switches stop background
    /// connections to Google's services, which fail on a machine without internet access.
    /// </summary>
    private static readonly string[] ChromiumArguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    /// <summary>Time an Expect() assertion retries before it fails.</summary>
    private const float ExpectTimeoutMilliseconds = 15_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        string chromium = ChromiumPath();
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {chromium}. Install it with 'apt-get install chromium' "
                + $"(scripts/test.sh does this when it is missing), or set {ChromiumPathVariable} to the path "
                + "of a Chromium or Chrome executable.");
        }

        // Expect() retries for 5 s by default; the other test projects share the 2 cores during scripts/test.sh.
        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMilliseconds);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    private static string ChromiumPath() =>
        Environment.GetEnvironmentVariable(ChromiumPathVariable) is { Length: > 0 } path ? path : DefaultChromiumPath;
}

/// <summary>
/// The test classes that drive the browser. They share one Chromium and run one after another,
/// because the machine they run on has two cores and the other test projects run beside them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
