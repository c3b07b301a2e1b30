using Dapper;
using Microsoft.Data.Sqlite;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// Reads and stores rule sets and their versions. Published versions are frozen by triggers in
/// the schema, so this class only ever inserts them.
/// </summary>
public sealed class RuleSetRepository(SqliteConnectionFactory connectionFactory, TimeProvider timeProvider)
{
    private const string SelectVersion = """
        SELECT rule_set_name AS RuleSetName, version AS Version, status AS Status,
               content AS Content, sha256 AS Sha256, created_at AS CreatedAt, created_by AS CreatedBy,
               published_at AS PublishedAt, published_by AS PublishedBy
        FROM rule_set_versions
        """;

    /// <summary>Lists every rule set by name, with its highest published version.</summary>
    public async Task<IReadOnlyList<RuleSetSummary>> ListAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT r.name AS Name, r.description AS Description, r.created_at AS CreatedAt,
                   (SELECT max(v.version) FROM rule_set_versions v
                    WHERE v.rule_set_name = r.name AND v.status = 'published') AS PublishedVersion
            FROM rule_sets r
            ORDER BY r.name
            """;
        await using var connection = connectionFactory.Open();
        var rows = await connection.QueryAsync<SummaryRow>(
            new CommandDefinition(sql, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToSummary()).ToList();
    }

    /// <summary>
    /// Lists the versions, draft or published, of the rule set named <paramref name="name"/>, or of
    /// every rule set when it is null, without their text, ordered by rule-set name and then version.
    /// </summary>
    public async Task<IReadOnlyList<RuleSetVersionSummary>> ListVersionsAsync(string? name, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT rule_set_name AS RuleSetName, version AS Version, status AS Status, sha256 AS Sha256,
                   created_at AS CreatedAt, published_at AS PublishedAt
            FROM rule_set_versions
            WHERE @name IS NULL OR rule_set_name = @name
            ORDER BY rule_set_name, version
            """;
        await using var connection = connectionFactory.Open();
        var rows = await connection.QueryAsync<VersionSummaryRow>(
            new CommandDefinition(sql, new { name }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToSummary()).ToList();
    }

    /// <summary>
    /// Returns the highest published version of <paramref name="name"/>, or null if none is published.
    /// </summary>
    public async Task<RuleSetVersion?> GetPublishedAsync(string name, CancellationToken cancellationToken)
    {
        const string sql = SelectVersion + """

            WHERE rule_set_name = @name AND status = 'published'
            ORDER BY version DESC
            LIMIT 1
            """;
        await using var connection = connectionFactory.Open();
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(
            new CommandDefinition(sql, new { name }, cancellationToken: cancellationToken));
        return row?.ToVersion();
    }

    /// <summary>
    /// Returns one version of <paramref name="name"/>, draft or published, or null if it does not exist.
    /// </summary>
    public async Task<RuleSetVersion?> GetVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        const string sql = SelectVersion + """

            WHERE rule_set_name = @name AND version = @version
            """;
        await using var connection = connectionFactory.Open();
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(
            new CommandDefinition(sql, new { name, version }, cancellationToken: cancellationToken));
        return row?.ToVersion();
    }

    /// <summary>
    /// Stores <paramref name="content"/> as the next published version of <paramref name="name"/>
    /// (the highest version so far plus one), creating the rule set with
    /// <paramref name="description"/> if it does not exist yet. An existing rule set keeps its
    /// description. Throws <see cref="ArgumentException"/> when <paramref name="sha256"/> is not
    /// the SHA-256 of <paramref name="content"/>.
    /// </summary>
    public async Task<RuleSetVersion> AddPublishedVersionAsync(
        string name, string? description, string content, string sha256, string publishedBy,
        CancellationToken cancellationToken)
    {
        ValidateVersion(name, content, sha256, publishedBy);

        await using var connection = connectionFactory.Open();
        // deferred: false makes Microsoft.Data.Sqlite issue BEGIN IMMEDIATE, which takes the
        // write lock before the maximum version is read, so two writers cannot pick one number.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var stored = await InsertPublishedVersionAsync(
            connection, transaction, name, description, content, sha256, publishedBy, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>
    /// Stores <paramref name="content"/> as published version 1 of a new rule set, or returns
    /// null without a change when a rule set named <paramref name="name"/> already exists. The
    /// check and the insert share one write transaction, so two portals starting at once store
    /// the version only once.
    /// </summary>
    internal async Task<RuleSetVersion?> AddFirstVersionIfMissingAsync(
        string name, string? description, string content, string sha256, string publishedBy,
        CancellationToken cancellationToken)
    {
        ValidateVersion(name, content, sha256, publishedBy);

        await using var connection = connectionFactory.Open();
        await using var transaction = connection.BeginTransaction(deferred: false);
        bool exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM rule_sets WHERE name = @name)",
            new { name }, transaction, cancellationToken: cancellationToken));
        if (exists)
        {
            return null;
        }

        var stored = await InsertPublishedVersionAsync(
            connection, transaction, name, description, content, sha256, publishedBy, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    private async Task<RuleSetVersion> InsertPublishedVersionAsync(
        SqliteConnection connection, SqliteTransaction transaction, string name, string? description,
        string content, string sha256, string publishedBy, CancellationToken cancellationToken)
    {
        const string insertRuleSet = """
            INSERT INTO rule_sets (name, description, created_at)
            VALUES (@name, @description, @now)
            ON CONFLICT (name) DO NOTHING
            """;
        const string nextVersion = """
            SELECT coalesce(max(version), 0) + 1 FROM rule_set_versions WHERE rule_set_name = @name
            """;
        const string insertVersion = """
            INSERT INTO rule_set_versions
                (rule_set_name, version, status, content, sha256, created_at, created_by, published_at, published_by)
            VALUES (@name, @version, 'published', @content, @sha256, @now, @publishedBy, @now, @publishedBy)
            """;

        var now = timeProvider.GetUtcNow().ToUniversalTime();
        string nowText = StorageFormat.FormatTimestamp(now);
        await connection.ExecuteAsync(new CommandDefinition(
            insertRuleSet,
            new { name, description, now = nowText },
            transaction,
            cancellationToken: cancellationToken));
        int version = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            nextVersion, new { name }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            insertVersion,
            new { name, version, content, sha256, now = nowText, publishedBy },
            transaction,
            cancellationToken: cancellationToken));

        return new RuleSetVersion(
            name, version, RuleSetStatus.Published, content, sha256, now, publishedBy, now, publishedBy);
    }

    private static void ValidateVersion(string name, string content, string sha256, string publishedBy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(publishedBy);
        string actual = StorageFormat.Sha256Hex(content);
        if (!string.Equals(sha256, actual, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The SHA-256 '{sha256}' does not match the content of rule set '{name}' (expected {actual}). "
                + "Pass the lowercase hex SHA-256 of the content's UTF-8 bytes.",
                nameof(sha256));
        }
    }

    // Dapper fills these by property name. Property mapping is used, not record constructors,
    // because SQLite reports the type of a computed column from its value and not a fixed type.
    private sealed class SummaryRow
    {
        public string Name { get; set; } = "";
        public string? Description { get; set; }
        public string CreatedAt { get; set; } = "";
        public long? PublishedVersion { get; set; }

        public RuleSetSummary ToSummary() => new(
            Name, Description, checked((int?)PublishedVersion), StorageFormat.ParseTimestamp(CreatedAt));
    }

    private sealed class VersionSummaryRow
    {
        public string RuleSetName { get; set; } = "";
        public long Version { get; set; }
        public string Status { get; set; } = "";
        public string Sha256 { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? PublishedAt { get; set; }

        public RuleSetVersionSummary ToSummary() => new(
            RuleSetName,
            checked((int)Version),
            Status,
            Sha256,
            StorageFormat.ParseTimestamp(CreatedAt),
            StorageFormat.ParseOptionalTimestamp(PublishedAt));
    }

    private sealed class VersionRow
    {
        public string RuleSetName { get; set; } = "";
        public long Version { get; set; }
        public string Status { get; set; } = "";
        public string Content { get; set; } = "";
        public string Sha256 { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string CreatedBy { get; set; } = "";
        public string? PublishedAt { get; set; }
        public string? PublishedBy { get; set; }

        public RuleSetVersion ToVersion() => new(
            RuleSetName,
            checked((int)Version),
            Status,
            Content,
            Sha256,
            StorageFormat.ParseTimestamp(CreatedAt),
            CreatedBy,
            StorageFormat.ParseOptionalTimestamp(PublishedAt),
            PublishedBy);
    }
}
