using Dapper;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// One access-log entry. <see cref="Subject"/> is the user name or API-key id the entry is about,
/// as given, so a failed sign-in records the name that was typed.
/// </summary>
public sealed record AccessLogEntry(
    long Id, DateTimeOffset OccurredAt, string Event, string Subject, string? RemoteAddress, string? Detail);

public sealed record AccessLogPage(IReadOnlyList<AccessLogEntry> Items, int Page, int PageSize, long Total);

/// <summary>Appends to and reads the access log, whose rows the schema keeps immutable.</summary>
public sealed class AccessLogRepository(SqliteConnectionFactory connectionFactory, TimeProvider timeProvider)
{
    /// <summary>Longest subject or detail stored; longer text, such as a pasted password in the name field, is cut.</summary>
    public const int MaxTextLength = 200;

    public async Task AddAsync(
        string eventName, string subject, string? remoteAddress, string? detail, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO access_log (occurred_at, event, subject, remote_address, detail)
            VALUES (@occurredAt, @eventName, @subject, @remoteAddress, @detail)
            """;
        await using var connection = connectionFactory.Open();
        await connection.ExecuteAsync(new CommandDefinition(
            sql,
            new
            {
                occurredAt = StorageFormat.FormatTimestamp(timeProvider.GetUtcNow()),
                eventName,
                subject = Truncate(subject),
                remoteAddress,
                detail = detail is null ? null : Truncate(detail),
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>Returns one page of entries, newest first, optionally of one event only. Pages start at 1.</summary>
    public async Task<AccessLogPage> ListAsync(
        string? eventName, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);

        const string sql = """
            SELECT id AS Id, occurred_at AS OccurredAt, event AS Event, subject AS Subject,
                   remote_address AS RemoteAddress, detail AS Detail
            FROM access_log
            WHERE @eventName IS NULL OR event = @eventName
            ORDER BY id DESC
            LIMIT @pageSize OFFSET @offset;
            SELECT COUNT(*) FROM access_log WHERE @eventName IS NULL OR event = @eventName;
            """;
        long offset = (long)(page - 1) * pageSize;
        await using var connection = connectionFactory.Open();
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            sql, new { eventName, pageSize, offset }, cancellationToken: cancellationToken));
        var rows = (await results.ReadAsync<AccessLogRow>()).Select(r => r.ToEntry()).ToList();
        long total = await results.ReadSingleAsync<long>();
        return new AccessLogPage(rows, page, pageSize, total);
    }

    private static string Truncate(string text) => text.Length <= MaxTextLength ? text : text[..MaxTextLength];

    private sealed class AccessLogRow
    {
        public long Id { get; set; }
        public string OccurredAt { get; set; } = "";
        public string Event { get; set; } = "";
        public string Subject { get; set; } = "";
        public string? RemoteAddress { get; set; }
        public string? Detail { get; set; }

        public AccessLogEntry ToEntry() =>
            new(Id, StorageFormat.ParseTimestamp(OccurredAt), Event, Subject, RemoteAddress, Detail);
    }
}
