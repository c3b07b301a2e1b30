using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Hosting;

public static class StartupTasks
{
    public const string Usage = """
        PolicyEngine portal

        Usage: dotnet run --project Portal -- [command] [options]

        Commands:
          (none)     Serve the portal and the JSON API; under dotnet run on http://127.0.0.1:5080.
          migrate    Apply the database migrations and load the default rule sets, then exit.
          scenarios run RULESET
                     Run the scenarios that ship beside a default rule set, each under the
                     published version in force on its event date; exit with 0 when all pass,
                     1 when any fails and 2 when the rule set or its scenarios are not found.
          users add NAME --role ROLE [--SETTING=VALUE ...]
                     Create a user with the role regulator, auditor or admin. The password
                     (at least 12 characters) is read from standard input.
          verify     Check the decision hash chain, the evidence hash of every decision and the
                     signed chain heads (with the key in ChainSigning:KeyPath), then exit with 0
                     when all verify, 1 when the chain or a signature does not and 2 when the
                     database file does not exist.
          help       Show this text.

        Options:
          --urls URL                                 Address to listen on, e.g. http://127.0.0.1:5090
          --ConnectionStrings:PolicyEngine="Data Source=FILE"
                                                     SQLite database (default data/policyengine.db)
          --DataProtection:KeysFolder=FOLDER         Keys that protect sign-in cookies (default data/keys)
          --Lockout:MaxFailedSignIns=N               Failed sign-ins in a row that lock an account (default 5)
          --Lockout:LockoutMinutes=N                 Minutes a locked account stays locked (default 15)
          --ChainSigning:KeyPath=FILE                ECDSA P-256 key in PEM that signs chain heads
                                                     (default keys/chain-signing.pem beside the database)
        """;

    /// <summary>
    /// Migrates the database, creates the chain signing key when its file is missing, and loads
    /// the default rule sets; run before the portal serves requests.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        services.GetRequiredService<DatabaseMigrator>().Migrate();
        services.GetRequiredService<ChainHeadSigner>().EnsureKey();
        await services.GetRequiredService<DefaultRuleSetSeeder>().SeedAsync(cancellationToken);
    }

    /// <summary>True when <paramref name="args"/> name an operator command rather than serving the portal.</summary>
    public static bool IsCommand(string[] args) =>
        args.FirstOrDefault() is { } first && (!first.StartsWith('-') || first is "--help" or "-h" or "-?");

    /// <summary>
    /// Runs an operator command given on the command line instead of the web server. Returns the
    /// process exit code, or null when the arguments name no command.
    /// </summary>
    public static async Task<int?> RunCommandAsync(this WebApplication app, string[] args)
    {
        string? command = args.FirstOrDefault();
        if (command is "--help" or "-h" or "-?" or "help")
        {
            Console.WriteLine(Usage);
            return 0;
        }

        if (command is null || command.StartsWith('-'))
        {
            return null;
        }

        switch (command)
        {
            case "migrate":
                await app.Services.PrepareDatabaseAsync();
                Console.WriteLine("The database is up to date and the default rule sets are loaded.");
                return 0;
            case "verify":
                return await VerifyAsync(app.Services);
            case "scenarios" when args.Length == 3 && args[1] == "run":
                await app.Services.PrepareDatabaseAsync();
                return await ScenarioCommand.RunAsync(app.Services, args[2]);
            case "users":
                await app.Services.PrepareDatabaseAsync();
                var input = Console.IsInputRedirected ? Console.In : new HiddenConsoleReader();
                return await UsersCommand.RunAsync(app.Services, args[1..], input, Console.Out, Console.Error);
            case "scenarios":
                await Console.Error.WriteLineAsync("Usage: scenarios run RULESET, for example: scenarios run eu.");
                return 2;
            default:
                await Console.Error.WriteLineAsync(
                    $"Unknown command '{command}'. Run with --help to list the commands.");
                return 2;
        }
    }

    private static async Task<int> VerifyAsync(IServiceProvider services)
    {
        // Verification only reads: a mistyped path must not create and migrate an empty database
        // that then "verifies".
        string? path = services.GetRequiredService<SqliteConnectionFactory>().DatabasePath;
        if (path is null || !File.Exists(path))
        {
            await Console.Error.WriteLineAsync(
                $"No database file at '{path}'; check ConnectionStrings:PolicyEngine (run with --help for how to set it).");
            return 2;
        }

        ChainVerification chain;
        ChainSignatureVerification signatures;
        try
        {
            chain = await services.GetRequiredService<DecisionRepository>().VerifyChainAsync(CancellationToken.None);
            signatures = await services.GetRequiredService<ChainHeadRepository>().VerifyAsync(CancellationToken.None);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            await Console.Error.WriteLineAsync($"'{path}' could not be read as a PolicyEngine database: {ex.Message}");
            return 2;
        }

        if (chain.Valid)
        {
            Console.WriteLine($"The decision log verifies: {chain.Checked} decision(s), each linked to the one before and to its evidence.");
        }
        else
        {
            await Console.Error.WriteLineAsync(
                $"The decision log is broken at decision {chain.FirstBrokenSequence}: {chain.Problem}");
        }

        if (signatures.Valid)
        {
            Console.WriteLine(signatures.LatestSignedSequence is { } head
                ? $"The signed chain heads verify: {signatures.SignaturesChecked} signature(s) with key {signatures.KeyId}, "
                  + $"and the latest signed head is the last decision, {head}."
                : "No decisions and no signed chain heads are stored yet.");
        }
        else
        {
            await Console.Error.WriteLineAsync($"The signed chain heads do not verify ({signatures.Problem}): {signatures.Message}");
        }

        return chain.Valid && signatures.Valid ? 0 : 1;
    }
}
