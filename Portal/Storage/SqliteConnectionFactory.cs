using Microsoft.Data.Sqlite;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// Opens connections to the portal's SQLite database with the settings every repository relies
/// on. Thread-safe; connections are pooled by Microsoft.Data.Sqlite, so open one per operation.
/// </summary>
public sealed class SqliteConnectionFactory
{
    public const string ConnectionStringName = "PolicyEngine";

    /// <summary>Used when <c>ConnectionStrings:PolicyEngine</c> is not set; relative to the working folder.</summary>
    public const string DefaultConnectionString = "Data Source=data/policyengine.db";

    // WAL lets readers run while one writer appends. The busy timeout (milliseconds) makes a
    // second writer wait for the lock instead of failing at once. SQLite leaves foreign keys
    // off unless each connection turns them on.
    private const string ConnectionPragmas =
        "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";

    private volatile bool _folderCreated;

    /// <summary>
    /// Reads <paramref name="connectionString"/> and resolves a relative file path against the
    /// current working folder now, so that a later change of folder cannot move the database.
    /// </summary>
    public SqliteConnectionFactory(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!IsInMemory(builder))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource);
            DatabasePath = builder.DataSource;
        }

        ConnectionString = builder.ToString();
    }

    public string ConnectionString { get; }

    /// <summary>Absolute path of the database file, or null for an in-memory database.</summary>
    public string? DatabasePath { get; }

    /// <summary>Opens a connection, first creating the database file's folder if it is missing.</summary>
    public SqliteConnection Open()
    {
        EnsureDatabaseFolder();
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = ConnectionPragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void EnsureDatabaseFolder()
    {
        if (_folderCreated || DatabasePath is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        _folderCreated = true;
    }

    private static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory
        || string.IsNullOrEmpty(builder.DataSource)
        || builder.DataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase);
}
