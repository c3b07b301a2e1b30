using DbUp;
using DbUp.Engine;
using PolicyEngine.Migrations;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// Brings the database schema up to date with the SQL scripts embedded in the Migrations
/// assembly. DbUp records applied scripts in its journal table, SchemaVersions, so each script
/// runs once per database.
/// </summary>
public sealed partial class DatabaseMigrator(
    SqliteConnectionFactory connectionFactory,
    ILogger<DatabaseMigrator> logger)
{
    /// <summary>
    /// Applies every script not yet applied, in name order, each in its own transaction. Throws
    /// <see cref="InvalidOperationException"/> naming the script that failed. The scripts before
    /// it stay applied and the failed one is rolled back.
    /// </summary>
    /// <remarks>
    /// NOTE: nothing stops two processes from migrating the same database at once. The second can
    /// then run a script the first has just applied and fail, for example on "table already exists".
    /// Migrate with one instance (the portal's <c>migrate</c> command) before starting several.
    /// </remarks>
    public void Migrate()
    {
        // Opening a connection first creates the database's folder, which DbUp does not do.
        using (connectionFactory.Open())
        {
        }

        var upgrader = DeployChanges.To
            .SqliteDatabase(connectionFactory.ConnectionString)
            .WithScriptsEmbeddedInAssembly(MigrationScripts.Assembly)
            .WithTransactionPerScript()
            .LogTo(new DbUpLogAdapter(logger))
            .Build();

        string database = connectionFactory.DatabasePath ?? "(in memory)";
        LogStarting(database, upgrader.GetScriptsToExecute().Count);
        var result = upgrader.PerformUpgrade();
        int applied = 0;
        foreach (var script in result.Scripts)
        {
            LogApplied(script.Name);
            applied++;
        }

        if (!result.Successful)
        {
            throw Failure(result, applied);
        }

        LogFinished(database, applied);
    }

    private InvalidOperationException Failure(DatabaseUpgradeResult result, int applied)
    {
        string script = result.ErrorScript?.Name ?? "(unknown script)";
        LogFailed(result.Error, script, applied);
        return new InvalidOperationException(
            $"The database migration failed in script '{script}': {result.Error?.Message} "
            + $"The {applied} script(s) before it were applied; the failed script was rolled back. "
            + "Fix the script or the database and start again.",
            result.Error);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Migrating database {Database}: {PendingCount} script(s) to apply")]
    private partial void LogStarting(string database, int pendingCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration script {Script}")]
    private partial void LogApplied(string script);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Database {Database} is up to date: {AppliedCount} script(s) applied")]
    private partial void LogFinished(string database, int appliedCount);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Migration script {Script} failed after {AppliedCount} script(s) were applied")]
    private partial void LogFailed(Exception? exception, string script, int appliedCount);
}
