using Dapper;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// A portal account. <see cref="PasswordHash"/> is PasswordHasher output, never the password.
/// <see cref="Language"/> is null when the user follows the browser's language;
/// <see cref="TimeZone"/> is an IANA id.
/// </summary>
public sealed record UserRecord(
    string Name,
    string Role,
    string PasswordHash,
    bool Disabled,
    int FailedSignIns,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string? Language = null,
    string TimeZone = "UTC");

/// <summary>Stores portal accounts. Names compare without regard to letter case.</summary>
public sealed class UserRepository(SqliteConnectionFactory connectionFactory, TimeProvider timeProvider)
{
    private const string Columns = """
        name AS Name, role AS Role, password_hash AS PasswordHash, disabled AS Disabled,
        failed_sign_ins AS FailedSignIns, locked_until AS LockedUntil, created_at AS CreatedAt,
        created_by AS CreatedBy, language AS Language, time_zone AS TimeZone
        """;

    /// <summary>Stores a new user. Returns false, storing nothing, when the name is already taken.</summary>
    public async Task<bool> AddAsync(
        string name, string role, string passwordHash, string createdBy, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO users (name, role, password_hash, created_at, created_by)
            VALUES (@name, @role, @passwordHash, @createdAt, @createdBy)
            ON CONFLICT (name) DO NOTHING
            """;
        string createdAt = StorageFormat.FormatTimestamp(timeProvider.GetUtcNow());
        await using var connection = connectionFactory.Open();
        int inserted = await connection.ExecuteAsync(new CommandDefinition(
            sql, new { name, role, passwordHash, createdAt, createdBy }, cancellationToken: cancellationToken));
        return inserted == 1;
    }

    public async Task<UserRecord?> GetAsync(string name, CancellationToken cancellationToken)
    {
        string sql = $"SELECT {Columns} FROM users WHERE name = @name";
        await using var connection = connectionFactory.Open();
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(
            new CommandDefinition(sql, new { name }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    /// <summary>Returns every user, ordered by name.</summary>
    public async Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken)
    {
        string sql = $"SELECT {Columns} FROM users ORDER BY name";
        await using var connection = connectionFactory.Open();
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = connectionFactory.Open();
        return await connection.ExecuteScalarAsync<bool>(
            new CommandDefinition("SELECT EXISTS (SELECT 1 FROM users)", cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Counts a failed sign-in and, when the count reaches <paramref name="maxFailures"/>, locks the
    /// account until <paramref name="lockedUntil"/> and starts the count again. Returns the lock's
    /// end when this failure locked the account, otherwise null.
    /// </summary>
    public async Task<DateTimeOffset?> RecordFailureAsync(
        string name, int maxFailures, DateTimeOffset lockedUntil, CancellationToken cancellationToken)
    {
        // One statement, so that two failures at the same moment cannot both read the old count.
        const string sql = """
            UPDATE users
            SET failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= @maxFailures THEN 0 ELSE failed_sign_ins + 1 END,
                locked_until = CASE WHEN failed_sign_ins + 1 >= @maxFailures THEN @lockedUntil ELSE locked_until END
            WHERE name = @name
            RETURNING locked_until = @lockedUntil
            """;
        await using var connection = connectionFactory.Open();
        bool locked = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            sql,
            new { name, maxFailures, lockedUntil = StorageFormat.FormatTimestamp(lockedUntil) },
            cancellationToken: cancellationToken));
        return locked ? lockedUntil : null;
    }

    /// <summary>Clears the failure count and any lock-out after a successful sign-in.</summary>
    public async Task ResetFailuresAsync(string name, CancellationToken cancellationToken)
    {
        const string sql = "UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE name = @name";
        await using var connection = connectionFactory.Open();
        await connection.ExecuteAsync(new CommandDefinition(sql, new { name }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Disables or enables a user. Enabling also clears a lock-out. Returns false when no such user exists.
    /// </summary>
    public async Task<bool> SetDisabledAsync(string name, bool disabled, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE users
            SET disabled = @disabled,
                failed_sign_ins = CASE WHEN @disabled THEN failed_sign_ins ELSE 0 END,
                locked_until = CASE WHEN @disabled THEN locked_until ELSE NULL END
            WHERE name = @name
            """;
        await using var connection = connectionFactory.Open();
        int updated = await connection.ExecuteAsync(
            new CommandDefinition(sql, new { name, disabled }, cancellationToken: cancellationToken));
        return updated == 1;
    }

    /// <summary>
    /// Stores the user's display language (null to follow the browser) and IANA time zone.
    /// Returns false when no such user exists.
    /// </summary>
    public async Task<bool> SetPreferencesAsync(
        string name, string? language, string timeZone, CancellationToken cancellationToken)
    {
        const string sql = "UPDATE users SET language = @language, time_zone = @timeZone WHERE name = @name";
        await using var connection = connectionFactory.Open();
        int updated = await connection.ExecuteAsync(
            new CommandDefinition(sql, new { name, language, timeZone }, cancellationToken: cancellationToken));
        return updated == 1;
    }

    private sealed class UserRow
    {
        public string Name { get; set; } = "";
        public string Role { get; set; } = "";
        public string PasswordHash { get; set; } = "";
        public bool Disabled { get; set; }
        public int FailedSignIns { get; set; }
        public string? LockedUntil { get; set; }
        public string CreatedAt { get; set; } = "";
        public string CreatedBy { get; set; } = "";
        public string? Language { get; set; }
        public string TimeZone { get; set; } = "UTC";

        public UserRecord ToRecord() => new(
            Name,
            Role,
            PasswordHash,
            Disabled,
            FailedSignIns,
            StorageFormat.ParseOptionalTimestamp(LockedUntil),
            StorageFormat.ParseTimestamp(CreatedAt),
            CreatedBy,
            Language,
            TimeZone);
    }
}
