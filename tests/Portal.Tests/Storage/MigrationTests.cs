using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

public sealed class MigrationTests
{
    private const string CountJournal = "SELECT count(*) FROM SchemaVersions";
    private const string JournalScripts = "SELECT group_concat(ScriptName, ' ') FROM SchemaVersions";

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
        Assert.Contains("0005_add_rule_set_application_dates.sql", scripts);
    }

    [Fact]
    public async Task Migrate_PublishedVersionWithoutDates_KeepsRowAndLeavesDatesNull()
    {
        using var database = new TemporaryDatabase(migrate: false);
        ApplyScriptsBefore(database, "0005_");
        const string content = """{"WorkflowName":"eu","Description":"stored before versions carried dates","Rules":[]}""";
        database.Execute(
            """
            INSERT INTO rule_sets (name, description, created_at) VALUES ('eu', NULL, '2025-04-02T08:00:00.0000000+00:00');
            INSERT INTO rule_set_versions
                (rule_set_name, version, status, content, sha256, created_at, created_by, published_at, published_by)
            VALUES ('eu', 1, 'published', @content, @sha256,
                    '2025-04-02T08:00:00.0000000+00:00', 'system', '2025-04-02T08:00:00.0000000+00:00', 'system');
            """,
            new { content, sha256 = RuleSetHash.Compute(content) });
        Assert.DoesNotContain("0005_", database.QueryScalar<string>(JournalScripts));

        database.CreateMigrator().Migrate();

        Assert.Contains("0005_add_rule_set_application_dates.sql", database.QueryScalar<string>(JournalScripts));
        var ruleSets = database.CreateRuleSets();
        var stored = await ruleSets.GetVersionAsync("eu", 1, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(content, stored.Content);
        Assert.Equal(RuleSetHash.Compute(content), stored.Sha256);
        Assert.Null(stored.AppliesFrom);
        Assert.Null(stored.AppliesUntil);
        Assert.Null(await ruleSets.GetInForceAsync("eu", new DateOnly(2026, 1, 1), CancellationToken.None));
    }

    [Fact]
    public void Migrate_PublishedVersionsStayFrozen()
    {
        using var database = new TemporaryDatabase();
        const string content = """{"WorkflowName":"eu","AppliesFrom":"2024-08-01","Rules":[]}""";
        database.Execute(
            """
            INSERT INTO rule_sets (name, description, created_at) VALUES ('eu', NULL, '2025-04-02T08:00:00.0000000+00:00');
            INSERT INTO rule_set_versions
                (rule_set_name, version, status, content, sha256, created_at, created_by, published_at, published_by)
            VALUES ('eu', 1, 'published', @content, @sha256,
                    '2025-04-02T08:00:00.0000000+00:00', 'system', '2025-04-02T08:00:00.0000000+00:00', 'system');
            """,
            new { content, sha256 = RuleSetHash.Compute(content) });
        string changed = content.Replace("2024-08-01", "2020-01-01", StringComparison.Ordinal);

        var error = Assert.Throws<SqliteException>(() => database.Execute(
            "UPDATE rule_set_versions SET content = @changed, sha256 = @sha256",
            new { changed, sha256 = RuleSetHash.Compute(changed) }));

        Assert.Contains("published rule-set versions are frozen", error.Message);
        Assert.Equal("2024-08-01", database.QueryScalar<string>("SELECT applies_from FROM rule_set_versions"));
    }

    /// <summary>Applies the embedded scripts whose names sort before <paramref name="firstSkipped"/>, as an older portal did.</summary>
    private static void ApplyScriptsBefore(TemporaryDatabase database, string firstSkipped)
    {
        var result = DbUp.DeployChanges.To
            .SqliteDatabase(database.ConnectionString)
            .WithScriptsEmbeddedInAssembly(
                PolicyEngine.Migrations.MigrationScripts.Assembly,
                name => string.CompareOrdinal(ScriptFileName(name), firstSkipped) < 0)
            .WithTransactionPerScript()
            .Build()
            .PerformUpgrade();
        Assert.True(result.Successful, result.Error?.Message);
    }

    /// <summary>Turns a resource name such as <c>PolicyEngine.Migrations.Scripts.0001_x.sql</c> into <c>0001_x.sql</c>.</summary>
    private static string ScriptFileName(string resourceName) =>
        resourceName["PolicyEngine.Migrations.Scripts.".Length..];

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
