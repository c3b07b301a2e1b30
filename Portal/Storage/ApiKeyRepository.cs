using Dapper;

namespace PolicyEngine.Portal.Storage;

/// <summary>An API key's stored row. The key itself is never stored, only its SHA-256.</summary>
public sealed record ApiKeyRecord(
    string Id,
    string Description,
    string Role,
    string KeySha256,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy,
    DateTimeOffset? LastUsedAt);

/// <summary>Stores API keys by id and the SHA-256 of the whole key.</summary>
public sealed class ApiKeyRepository(SqliteConnectionFactory connectionFactory, TimeProvider timeProvider)
{
    private const string Columns = """
        id AS Id, description AS Description, role AS Role, key_sha256 AS KeySha256,
        created_at AS CreatedAt, created_by AS CreatedBy, expires_at AS ExpiresAt,
        revoked_at AS RevokedAt, revoked_by AS RevokedBy, last_used_at AS LastUsedAt
        """;

    public async Task AddAsync(
        string id,
        string description,
        string role,
        string keySha256,
        DateTimeOffset expiresAt,
        string createdBy,
        CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO api_keys (id, description, role, key_sha256, created_at, created_by, expires_at)
            VALUES (@id, @description, @role, @keySha256, @createdAt, @createdBy, @expiresAt)
            """;
        await using var connection = connectionFactory.Open();
        await connection.ExecuteAsync(new CommandDefinition(
            sql,
            new
            {
                id,
                description,
                role,
                keySha256,
                createdAt = StorageFormat.FormatTimestamp(timeProvider.GetUtcNow()),
                createdBy,
                expiresAt = StorageFormat.FormatTimestamp(expiresAt),
            },
            cancellationToken: cancellationToken));
    }

    public async Task<ApiKeyRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        string sql = $"SELECT {Columns} FROM api_keys WHERE id = @id";
        await using var connection = connectionFactory.Open();
        var row = await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(
            new CommandDefinition(sql, new { id }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    /// <summary>Returns every key, newest first.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        string sql = $"SELECT {Columns} FROM api_keys ORDER BY created_at DESC, id DESC";
        await using var connection = connectionFactory.Open();
        var rows = await connection.QueryAsync<ApiKeyRow>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>Revokes a key that is not yet revoked. Returns false when no such unrevoked key exists.</summary>
    public async Task<bool> RevokeAsync(string id, string revokedBy, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE api_keys SET revoked_at = @revokedAt, revoked_by = @revokedBy
            WHERE id = @id AND revoked_at IS NULL
            """;
        string revokedAt = StorageFormat.FormatTimestamp(timeProvider.GetUtcNow());
        await using var connection = connectionFactory.Open();
        int updated = await connection.ExecuteAsync(
            new CommandDefinition(sql, new { id, revokedBy, revokedAt }, cancellationToken: cancellationToken));
        return updated == 1;
    }

    public async Task MarkUsedAsync(string id, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        const string sql = "UPDATE api_keys SET last_used_at = @usedAt WHERE id = @id";
        await using var connection = connectionFactory.Open();
        await connection.ExecuteAsync(new CommandDefinition(
            sql, new { id, usedAt = StorageFormat.FormatTimestamp(usedAt) }, cancellationToken: cancellationToken));
    }

    private sealed class ApiKeyRow
    {
        public string Id { get; set; } = "";
        public string Description { get; set; } = "";
        public string Role { get; set; } = "";
        public string KeySha256 { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string CreatedBy { get; set; } = "";
        public string ExpiresAt { get; set; } = "";
        public string? RevokedAt { get; set; }
        public string? RevokedBy { get; set; }
        public string? LastUsedAt { get; set; }

        public ApiKeyRecord ToRecord() => new(
            Id,
            Description,
            Role,
            KeySha256,
            StorageFormat.ParseTimestamp(CreatedAt),
            CreatedBy,
            StorageFormat.ParseTimestamp(ExpiresAt),
            StorageFormat.ParseOptionalTimestamp(RevokedAt),
            RevokedBy,
            StorageFormat.ParseOptionalTimestamp(LastUsedAt));
    }
}
