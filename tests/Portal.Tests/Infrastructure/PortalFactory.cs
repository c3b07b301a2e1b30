using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace PolicyEngine.Portal.Tests.Infrastructure;

/// <summary>
/// Hosts the real portal in memory on its own SQLite file in a fresh temporary folder, which is
/// deleted on dispose. Create one per test so that no test sees another's data.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public PortalFactory()
    {
        Folder = Directory.CreateTempSubdirectory("policyengine-test-").FullName;
        DatabasePath = Path.Combine(Folder, "policyengine.db");
    }

    public string Folder { get; }

    public string DatabasePath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // Watching appsettings files for changes takes one inotify instance per portal, and Linux
        // allows 128 per user by default, which parallel test classes on a shared machine exhaust.
        builder.UseSetting("hostBuilder:reloadConfigOnChange", "false");
        builder.UseSetting("ConnectionStrings:PolicyEngine", $"Data Source={DatabasePath}");
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
