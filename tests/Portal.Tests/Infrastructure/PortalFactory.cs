using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PolicyEngine.Portal.Security;

namespace PolicyEngine.Portal.Tests.Infrastructure;

/// <summary>
/// Hosts the real portal in memory on its own SQLite file in a fresh temporary folder, which is
/// deleted on dispose. The data-protection keys and the demo credentials file go to that folder
/// too. Create one per test so that no test sees another's data.
/// </summary>
public sealed class PortalFactory(string environment = "Testing") : WebApplicationFactory<Program>
{
    // Each host watches its settings files and static assets. With inotify, every watcher takes
    // one of the user's inotify instances (128 by default on Linux), and tests that run in
    // parallel beside other processes of the same user run out of them. Polling takes none.
    static PortalFactory() => Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");

    /// <summary>Password of every user that <see cref="CreateSignedInClientAsync"/> creates.</summary>
    public const string TestPassword = "test-password-0123";

    public string Folder { get; } = Directory.CreateTempSubdirectory("policyengine-test-").FullName;

    public string DatabasePath => Path.Combine(Folder, "policyengine.db");

    public string DemoCredentialsPath => Path.Combine(Folder, "demo-credentials.json");

    /// <summary>Name of the user that <see cref="CreateSignedInClientAsync"/> creates for <paramref name="role"/>.</summary>
    public static string TestUserName(string role) => $"test-{role}";

    /// <summary>
    /// Creates the user <c>test-ROLE</c> if needed and returns a client that signed in as that user
    /// through the sign-in form and keeps the cookie. Redirects are not followed.
    /// </summary>
    public async Task<HttpClient> CreateSignedInClientAsync(string role)
    {
        string name = TestUserName(role);
        await CreateUserAsync(name, role, TestPassword);

        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await PortalForms.PostAsync(
            client, "/signin", "/signin", new() { ["Name"] = name, ["Password"] = TestPassword });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Signing in as {name} returned {(int)response.StatusCode}.");
        return client;
    }

    /// <summary>Creates an API key with <paramref name="role"/> and returns a client that sends it as a Bearer token.</summary>
    public async Task<HttpClient> CreateApiClientAsync(string role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await CreateApiKeyAsync(role));
        return client;
    }

    /// <summary>Creates an API key that expires in <paramref name="days"/> days and returns the key.</summary>
    public async Task<string> CreateApiKeyAsync(string role, int days = 30)
    {
        var (key, errors) = await Services.GetRequiredService<ApiKeyService>().CreateAsync(
            $"test key for {role}", role, days, "tests", null, CancellationToken.None);
        Assert.True(key is not null, string.Join(" ", errors.Values));
        return key.Key;
    }

    /// <summary>
    /// Returns each text this portal showed in English for want of a translation, as
    /// "resource: key". With <paramref name="resourceParts"/>, only resources whose name contains
    /// one of them count.
    /// </summary>
    public List<string> MissingTranslations(params string[] resourceParts) =>
        Services.GetRequiredService<PolicyEngine.Portal.Localization.MissingTranslations>().All
            .Where(miss => resourceParts.Length == 0
                || resourceParts.Any(part => miss.Resource.Contains(part, StringComparison.Ordinal)))
            .Select(miss => $"{miss.Resource}: {miss.Key}")
            .ToList();

    /// <summary>Creates a user unless one with that name exists.</summary>
    public async Task CreateUserAsync(string name, string role, string password)
    {
        var errors = await Services.GetRequiredService<UserService>().CreateAsync(
            name, role, password, "tests", null, CancellationToken.None);
        Assert.True(errors.Count == 0 || errors.Keys.Single() == "Name", string.Join(" ", errors.Values));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);

        // Watching appsettings files for changes takes one inotify instance per portal, and Linux
        // allows 128 per user by default, which parallel test classes on a shared machine exhaust.
        builder.UseSetting("hostBuilder:reloadConfigOnChange", "false");
        builder.UseSetting("ConnectionStrings:PolicyEngine", $"Data Source={DatabasePath}");
        builder.UseSetting("DataProtection:KeysFolder", Path.Combine(Folder, "keys"));
        builder.UseSetting("DemoCredentials:Path", DemoCredentialsPath);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(Folder))
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
        }
    }
}
