using Dapper;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// A stored evidence record. <see cref="Content"/> is the evidence JSON exactly as submitted and
/// <see cref="Sha256"/> the lowercase hex SHA-256 of its UTF-8 bytes.
/// </summary>
public sealed record EvidenceRecord(
    string Id,
    DateTimeOffset CreatedAt,
    string Source,
    string Content,
    string Sha256);

/// <summary>
/// A line of the evidence list: the record's storage details and the figures that tell records
/// apart, read by SQLite from the stored JSON so that listing never loads whole records.
/// </summary>
public sealed record EvidenceSummary(
    string Id, DateTimeOffset CreatedAt, string Source, string Sha256, string? Dataset, long? SampleSize, double? Accuracy);

public sealed record EvidencePage(IReadOnlyList<EvidenceSummary> Items, int Page, int PageSize, long Total);

/// <summary>Stores evidence records, which the schema keeps immutable once inserted.</summary>
public sealed class EvidenceRepository(SqliteConnectionFactory connectionFactory, TimeProvider timeProvider)
{
    public const string IdPrefix = "ev-";

    /// <summary>
    /// Stores <paramref name="contentJson"/> under a new id. <paramref name="source"/> names where
    /// the record came from, for example an evaluation run or a case that carried it inline.
    /// The database rejects content that is not valid JSON with a <see cref="Microsoft.Data.Sqlite.SqliteException"/>.
    /// </summary>
    public async Task<EvidenceRecord> AddAsync(string contentJson, string source, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentJson);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);

        var createdAt = timeProvider.GetUtcNow().ToUniversalTime();
        var record = new EvidenceRecord(
            StorageFormat.NewId(IdPrefix, createdAt),
            createdAt,
            source,
            contentJson,
            StorageFormat.Sha256Hex(contentJson));

        const string sql = """
            INSERT INTO evidence (id, created_at, source, content, sha256)
            VALUES (@Id, @CreatedAt, @Source, @Content, @Sha256)
            """;
        await using var connection = connectionFactory.Open();
        await connection.ExecuteAsync(new CommandDefinition(
            sql,
            new
            {
                record.Id,
                CreatedAt = StorageFormat.FormatTimestamp(record.CreatedAt),
                record.Source,
                record.Content,
                record.Sha256,
            },
            cancellationToken: cancellationToken));
        return record;
    }

    /// <summary>Returns the record stored under <paramref name="id"/>, or null if there is none.</summary>
    public async Task<EvidenceRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id AS Id, created_at AS CreatedAt, source AS Source, content AS Content, sha256 AS Sha256
            FROM evidence
            WHERE id = @id
            """;
        await using var connection = connectionFactory.Open();
        var row = await connection.QuerySingleOrDefaultAsync<EvidenceRow>(
            new CommandDefinition(sql, new { id }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    /// <summary>Returns one page of record summaries, newest first, with the total count. Pages start at 1.</summary>
    public async Task<EvidencePage> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);

        // json_extract returns an INTEGER for an accuracy written as 1 or 0 and a REAL otherwise,
        // and Dapper cannot read a column whose rows mix the two, so the SQL fixes each type.
        const string sql = """
            SELECT id AS Id, created_at AS CreatedAt, source AS Source, sha256 AS Sha256,
                   json_extract(content, '$.provenance.dataset') AS Dataset,
                   CAST(json_extract(content, '$.metrics.sampleSize') AS INTEGER) AS SampleSize,
                   CAST(json_extract(content, '$.metrics.accuracy') AS REAL) AS Accuracy
            FROM evidence
            ORDER BY created_at DESC, id DESC
            LIMIT @pageSize OFFSET @offset;
            SELECT COUNT(*) FROM evidence;
            """;
        await using var connection = connectionFactory.Open();
        long offset = (long)(page - 1) * pageSize;
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(sql, new { pageSize, offset }, cancellationToken: cancellationToken));
        var rows = (await results.ReadAsync<SummaryRow>()).Select(r => r.ToSummary()).ToList();
        long total = await results.ReadSingleAsync<long>();
        return new EvidencePage(rows, page, pageSize, total);
    }

    private sealed class SummaryRow
    {
        public string Id { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string Source { get; set; } = "";
        public string Sha256 { get; set; } = "";
        public string? Dataset { get; set; }
        public long? SampleSize { get; set; }
        public double? Accuracy { get; set; }

        public EvidenceSummary ToSummary() =>
            new(Id, StorageFormat.ParseTimestamp(CreatedAt), Source, Sha256, Dataset, SampleSize, Accuracy);
    }

    private sealed class EvidenceRow
    {
        public string Id { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string Source { get; set; } = "";
        public string Content { get; set; } = "";
        public string Sha256 { get; set; } = "";

        public EvidenceRecord ToRecord() =>
            new(Id, StorageFormat.ParseTimestamp(CreatedAt), Source, Content, Sha256);
    }
}
