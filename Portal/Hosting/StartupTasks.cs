using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Hosting;

public static class StartupTasks
{
    /// <summary>Migrates the database and loads the default rule sets; run before the portal serves requests.</summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        services.GetRequiredService<DatabaseMigrator>().Migrate();
        await services.GetRequiredService<DefaultRuleSetSeeder>().SeedAsync(cancellationToken);
    }

    /// <summary>
    /// Runs an operator command given on the command line instead of the web server. Returns the
    /// process exit code, or null when the arguments name no command.
    /// </summary>
    public static async Task<int?> RunCommandAsync(this WebApplication app, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return null;
        }

        switch (args[0])
        {
            case "migrate":
                app.Services.GetRequiredService<DatabaseMigrator>().Migrate();
                await app.Services.GetRequiredService<DefaultRuleSetSeeder>().SeedAsync(CancellationToken.None);
                Console.WriteLine("The database is up to date and the default rule sets are loaded.");
                return 0;
            default:
                await Console.Error.WriteLineAsync(
                    $"Unknown command '{args[0]}'. Run without arguments to serve the portal, or 'migrate' to update the database.");
                return 2;
        }
    }
}
