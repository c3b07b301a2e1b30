using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

public sealed class MigrationTests
{
    private const string CountJournal = "SELECT count(*) FROM SchemaVersions";

    [Theory]
    [InlineData("rule_sets")]
    [InlineData("rule_set_versions")]
    [InlineData("evidence")]
    [InlineData("decisions")]
    public void Migrate_FreshDatabase_CreatesTable(string table)
    {
        using var database = new TemporaryDatabase();

        long count = database.QueryScalar<long>(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @table", new { table });

        Assert.Equal(1, count);
    }

    [Fact]
    public void Migrate_FreshDatabase_JournalsEveryScript()
    {
        using var database = new TemporaryDatabase();

        var scripts = database.QueryScalar<string>("SELECT group_concat(ScriptName, ' ') FROM SchemaVersions");

        Assert.Contains("0001_create_rule_sets.sql", scripts);
        Assert.Contains("0002_create_evidence.sql", scripts);
        Assert.Contains("0003_create_decisions.sql", scripts);
        Assert.Contains("0004_index_evidence_by_date.sql", scripts);
    }

    [Fact]
    public void Migrate_SecondRun_AppliesNothing()
    {
        using var database = new TemporaryDatabase();
        long journalBefore = database.QueryScalar<long>(CountJournal);
        var logger = new CollectingLogger<DatabaseMigrator>();

        database.CreateMigrator(logger).Migrate();

        Assert.Equal(journalBefore, database.QueryScalar<long>(CountJournal));
        var finished = Assert.Single(logger.Entries, e => e.Values.ContainsKey("AppliedCount"));
        Assert.Equal(0, finished.Values["AppliedCount"]);
        var started = Assert.Single(logger.Entries, e => e.Values.ContainsKey("PendingCount"));
        Assert.Equal(0, started.Values["PendingCount"]);
    }

    [Fact]
    public void Migrate_FirstRun_LogsEachAppliedScript()
    {
        using var database = new TemporaryDatabase(migrate: false);
        var logger = new CollectingLogger<DatabaseMigrator>();

        database.CreateMigrator(logger).Migrate();

        int scriptCount = PolicyEngine.Migrations.MigrationScripts.Assembly.GetManifestResourceNames().Count(n => n.EndsWith(".sql", StringComparison.Ordinal));
        var applied = logger.Entries.Where(e => e.Values.ContainsKey("Script")).ToList();
        Assert.Equal(scriptCount, applied.Count);
        var finished = Assert.Single(logger.Entries, e => e.Values.ContainsKey("AppliedCount"));
        Assert.Equal(scriptCount, finished.Values["AppliedCount"]);
    }

    [Fact]
    public void Migrate_ScriptFails_ThrowsNamingScript()
    {
        using var database = new TemporaryDatabase(migrate: false);
        database.Execute("CREATE TABLE rule_sets (name TEXT)");

        var error = Assert.Throws<InvalidOperationException>(() => database.CreateMigrator().Migrate());

        Assert.Contains("0001_create_rule_sets.sql", error.Message);
        Assert.IsType<SqliteException>(error.InnerException);
    }

    [Fact]
    public void Migrate_MissingFolder_CreatesIt()
    {
        using var database = new TemporaryDatabase(migrate: false);
        string nested = Path.Combine(database.Folder, "nested", "data", "policyengine.db");
        var factory = new SqliteConnectionFactory($"Data Source={nested}");

        new DatabaseMigrator(factory, NullLogger<DatabaseMigrator>.Instance).Migrate();

        Assert.True(File.Exists(nested));
    }
}
