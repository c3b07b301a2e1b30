using Dapper;
using Microsoft.Data.Sqlite;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

public sealed class SqliteConnectionFactoryTests
{
    private const int SqliteBusy = 5;

    [Fact]
    public void Open_AnyConnection_UsesWriteAheadLog()
    {
        using var database = new TemporaryDatabase(migrate: false);
        using var connection = database.ConnectionFactory.Open();

        Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public void Open_AnyConnection_SetsBusyTimeout()
    {
        using var database = new TemporaryDatabase(migrate: false);
        using var connection = database.ConnectionFactory.Open();

        Assert.Equal(5000, connection.ExecuteScalar<long>("PRAGMA busy_timeout"));
    }

    [Fact]
    public void Open_AnyConnection_EnforcesForeignKeys()
    {
        using var database = new TemporaryDatabase(migrate: false);
        using var connection = database.ConnectionFactory.Open();

        Assert.Equal(1, connection.ExecuteScalar<long>("PRAGMA foreign_keys"));
    }

    [Fact]
    public void Open_MissingFolder_CreatesIt()
    {
        using var database = new TemporaryDatabase(migrate: false);
        string path = Path.Combine(database.Folder, "a", "b", "policyengine.db");
        var factory = new SqliteConnectionFactory($"Data Source={path}");

        using (factory.Open())
        {
        }

        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Constructor_RelativePath_ResolvesAgainstWorkingFolder()
    {
        var factory = new SqliteConnectionFactory(SqliteConnectionFactory.DefaultConnectionString);

        Assert.Equal(Path.GetFullPath(Path.Combine("data", "policyengine.db")), factory.DatabasePath);
    }

    [Fact]
    public void Constructor_InMemory_HasNoDatabasePath()
    {
        var factory = new SqliteConnectionFactory("Data Source=:memory:");

        Assert.Null(factory.DatabasePath);
    }

    /// <summary>
    /// The decision log relies on BeginTransaction(deferred: false) taking the write lock at once
    /// (BEGIN IMMEDIATE), before the head of the chain is read.
    /// </summary>
    [Fact]
    public void BeginTransaction_NotDeferred_TakesWriteLockAtOnce()
    {
        using var database = new TemporaryDatabase();
        using var holder = database.ConnectionFactory.Open();
        using var writeTransaction = holder.BeginTransaction(deferred: false);
        var impatient = new SqliteConnectionStringBuilder(database.ConnectionString) { DefaultTimeout = 1 };
        using var other = new SqliteConnection(impatient.ToString());
        other.Open();
        other.Execute("PRAGMA busy_timeout=0");

        var error = Assert.Throws<SqliteException>(() => other.Execute("BEGIN IMMEDIATE"));

        Assert.Equal(SqliteBusy, error.SqliteErrorCode);
    }
}
