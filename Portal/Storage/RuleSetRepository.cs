using Dapper;
using Microsoft.Data.Sqlite;
using PolicyEngine.Engine.Rules;

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
               published_at AS PublishedAt, published_by AS PublishedBy,
               applies_from AS AppliesFrom, applies_until AS AppliesUntil
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
                   created_at AS CreatedAt, published_at AS PublishedAt,
                   applies_from AS AppliesFrom, applies_until AS AppliesUntil
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
    /// Returns the published version of <paramref name="name"/> in force on <paramref name="day"/>:
    /// the highest version number among published versions whose AppliesFrom to AppliesUntil
    /// contains the day. Returns null when none does. Drafts, and versions stored before rule sets
    /// carried AppliesFrom, are never returned.
    /// </summary>
    public async Task<RuleSetVersion?> GetInForceAsync(string name, DateOnly day, CancellationToken cancellationToken)
    {
        // ISO dates compare correctly as text, and the schema's checks keep both columns in that form.
        const string sql = SelectVersion + """

            WHERE rule_set_name = @name AND status = 'published'
              AND applies_from <= @day AND (applies_until IS NULL OR applies_until >= @day)
            ORDER BY version DESC
            LIMIT 1
            """;
        await using var connection = connectionFactory.Open();
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            sql, new { name, day = ApplicationPeriod.Format(day) }, cancellationToken: cancellationToken));
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
    /// the SHA-256 of <paramref name="content"/>, and <see cref="SqliteException"/> when the
    /// content's AppliesFrom or AppliesUntil is not a YYYY-MM-DD date or AppliesUntil comes first.
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
        var stored = await InsertVersionAsync(
            connection, transaction, name, description, content, sha256, publishedBy, RuleSetStatus.Published, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>
    /// Stores <paramref name="content"/> as the next version of <paramref name="name"/>, as a draft
    /// that no case is decided with. It checks and numbers the version as
    /// <see cref="AddPublishedVersionAsync"/> does.
    /// </summary>
    public async Task<RuleSetVersion> AddDraftVersionAsync(
        string name, string? description, string content, string sha256, string createdBy,
        CancellationToken cancellationToken)
    {
        ValidateVersion(name, content, sha256, createdBy);

        await using var connection = connectionFactory.Open();
        await using var transaction = connection.BeginTransaction(deferred: false);
        var stored = await InsertVersionAsync(
            connection, transaction, name, description, content, sha256, createdBy, RuleSetStatus.Draft, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>
    /// Stores <paramref name="content"/> as the next published version of <paramref name="name"/>,
    /// or returns null without a change when a published version of that rule set already has
    /// this SHA-256. The check and the insert share one write transaction, so two portals starting
    /// at once store the content only once.
    /// </summary>
    internal async Task<RuleSetVersion?> AddPublishedVersionIfNewAsync(
        string name, string? description, string content, string sha256, string publishedBy,
        CancellationToken cancellationToken)
    {
        ValidateVersion(name, content, sha256, publishedBy);

        await using var connection = connectionFactory.Open();
        await using var transaction = connection.BeginTransaction(deferred: false);
        bool exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT EXISTS (
                SELECT 1 FROM rule_set_versions
                WHERE rule_set_name = @name AND status = 'published' AND sha256 = @sha256)
            """,
            new { name, sha256 }, transaction, cancellationToken: cancellationToken));
        if (exists)
        {
            return null;
        }

        var stored = await InsertVersionAsync(
            connection, transaction, name, description, content, sha256, publishedBy, RuleSetStatus.Published, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>Inserts the next version in <paramref name="status"/> and returns it as stored.</summary>
    internal async Task<RuleSetVersion> InsertVersionAsync(
        SqliteConnection connection, SqliteTransaction transaction, string name, string? description,
        string content, string sha256, string author, string status, CancellationToken cancellationToken)
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
            VALUES (@name, @version, @status, @content, @sha256, @now, @author, @publishedAt, @publishedBy)
            """;
        const string selectInserted = SelectVersion + """

            WHERE rule_set_name = @name AND version = @version
            """;

        string now = StorageFormat.FormatTimestamp(timeProvider.GetUtcNow());
        bool published = status == RuleSetStatus.Published;
        await connection.ExecuteAsync(new CommandDefinition(
            insertRuleSet,
            new { name, description, now },
            transaction,
            cancellationToken: cancellationToken));
        int version = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            nextVersion, new { name }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            insertVersion,
            new
            {
                name,
                version,
                status,
                content,
                sha256,
                now,
                author,
                publishedAt = published ? now : null,
                publishedBy = published ? author : null,
            },
            transaction,
            cancellationToken: cancellationToken));

        // Read the row back so that the dates come from the columns the schema computes from the content.
        var row = await connection.QuerySingleAsync<VersionRow>(new CommandDefinition(
            selectInserted, new { name, version }, transaction, cancellationToken: cancellationToken));
        return row.ToVersion();
    }

    internal static void ValidateVersion(string name, string content, string sha256, string publishedBy)
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
        public string? AppliesFrom { get; set; }
        public string? AppliesUntil { get; set; }

        public RuleSetVersionSummary ToSummary() => new(
            RuleSetName,
            checked((int)Version),
            Status,
            Sha256,
            StorageFormat.ParseTimestamp(CreatedAt),
            StorageFormat.ParseOptionalTimestamp(PublishedAt))
        {
            AppliesFrom = StorageFormat.ParseOptionalDate(AppliesFrom),
            AppliesUntil = StorageFormat.ParseOptionalDate(AppliesUntil),
        };
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
        public string? AppliesFrom { get; set; }
        public string? AppliesUntil { get; set; }

        public RuleSetVersion ToVersion() => new(
            RuleSetName,
            checked((int)Version),
            Status,
            Content,
            Sha256,
            StorageFormat.ParseTimestamp(CreatedAt),
            CreatedBy,
            StorageFormat.ParseOptionalTimestamp(PublishedAt),
            PublishedBy)
        {
            AppliesFrom = StorageFormat.ParseOptionalDate(AppliesFrom),
            AppliesUntil = StorageFormat.ParseOptionalDate(AppliesUntil),
        };
    }

}
