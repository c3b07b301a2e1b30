using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

/// <summary>
/// A real SQLite database file in a fresh temporary folder, migrated with the real scripts when
/// <c>migrate</c> is true. The folder is deleted on dispose. Create one per test.
/// </summary>
public sealed class TemporaryDatabase : IDisposable
{
    public TemporaryDatabase(bool migrate = true)
    {
        Folder = Directory.CreateTempSubdirectory("policyengine-storage-test-").FullName;
        DatabasePath = Path.Combine(Folder, "policyengine.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath }.ToString();
        ConnectionFactory = new SqliteConnectionFactory(ConnectionString);
        if (migrate)
        {
            CreateMigrator().Migrate();
        }
    }

    private ChainHeadSigner? _signer;

    public string Folder { get; }

    public string DatabasePath { get; }

    public string ConnectionString { get; }

    public SqliteConnectionFactory ConnectionFactory { get; }

    public DatabaseMigrator CreateMigrator(ILogger<DatabaseMigrator>? logger = null) =>
        new(ConnectionFactory, logger ?? NullLogger<DatabaseMigrator>.Instance);

    /// <summary>The chain signing key, in keys/chain-signing.pem of the folder; created on first use.</summary>
    public ChainHeadSigner Signer => _signer ??= CreateSigner(Path.Combine(Folder, "keys", "chain-signing.pem"));

    public DecisionRepository CreateDecisions(TimeProvider? timeProvider = null) =>
        new(ConnectionFactory, Signer, timeProvider ?? TimeProvider.System, NullLogger<DecisionRepository>.Instance);

    public ChainHeadRepository CreateChainHeads(ChainHeadSigner? signer = null) =>
        new(ConnectionFactory, signer ?? Signer, NullLogger<ChainHeadRepository>.Instance);

    /// <summary>Returns a signer for the key file at <paramref name="keyPath"/>, creating the key there if it is missing.</summary>
    public static ChainHeadSigner CreateSigner(string keyPath)
    {
        var signer = new ChainHeadSigner(keyPath, NullLogger<ChainHeadSigner>.Instance);
        signer.EnsureKey();
        return signer;
    }

    public RuleSetRepository CreateRuleSets(TimeProvider? timeProvider = null) =>
        new(ConnectionFactory, timeProvider ?? TimeProvider.System);

    public EvidenceRepository CreateEvidence(TimeProvider? timeProvider = null) =>
        new(ConnectionFactory, timeProvider ?? TimeProvider.System);

    /// <summary>Runs raw SQL on the file, as anyone with write access to it could.</summary>
    public int Execute(string sql, object? parameters = null)
    {
        using var connection = ConnectionFactory.Open();
        return connection.Execute(sql, parameters);
    }

    public T QueryScalar<T>(string sql, object? parameters = null)
    {
        using var connection = ConnectionFactory.Open();
        return connection.ExecuteScalar<T>(sql, parameters)!;
    }

    public T QuerySingle<T>(string sql, object? parameters = null)
    {
        using var connection = ConnectionFactory.Open();
        return connection.QuerySingle<T>(sql, parameters);
    }

    public void Dispose()
    {
        _signer?.Dispose();
        // Pooled connections keep the file and its WAL open, and the folder cannot go while they do.
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
