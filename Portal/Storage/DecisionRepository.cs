using Microsoft.Extensions.Localization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// The append-only, hash-chained decision log. Appends are serialised twice. A lock shared by
/// every instance orders them within the process, and a SQLite write transaction, begun before
/// the head of the chain is read, orders them across processes that share the database file.
/// Each append also stores the new head of the chain signed by <see cref="ChainHeadSigner"/>,
/// in the same transaction.
/// </summary>
public sealed partial class DecisionRepository(
    SqliteConnectionFactory connectionFactory,
    ChainHeadSigner signer,
    TimeProvider timeProvider,
    ILogger<DecisionRepository> logger)
{
    public const string IdPrefix = "dec-";

    /// <summary>Largest page size <see cref="ListAsync"/> accepts.</summary>
    public const int MaxPageSize = 200;

    // Rows read per query while verifying, so that a long chain is never held in memory at once.
    private const int VerifyBatchSize = 500;

    private const string SelectRow = """
        SELECT sequence AS Sequence, id AS Id, created_at AS CreatedAt, reference AS Reference,
               rule_set_name AS RuleSetName, rule_set_version AS RuleSetVersion,
               rule_set_sha256 AS RuleSetSha256, evidence_id AS EvidenceId,
               damage_amount AS DamageAmount, currency AS Currency, case_json AS CaseJson,
               result_json AS ResultJson, previous_hash AS PreviousHash, content_hash AS ContentHash
        FROM decisions
        """;

    private static readonly SemaphoreSlim AppendLock = new(1, 1);

    /// <summary>
    /// Appends <paramref name="decision"/> at the head of the chain and returns it as stored.
    /// Waits for appends in this process until <paramref name="cancellationToken"/> is cancelled.
    /// Waits for writers in other processes up to the connection's <c>Default Timeout</c> (30 seconds
    /// unless the connection string sets it), then throws <see cref="SqliteException"/> with error
    /// code 5 (SQLITE_BUSY).
    /// </summary>
    public async Task<StoredDecision> AppendAsync(NewDecision decision, CancellationToken cancellationToken)
    {
        Validate(decision);

        await AppendLock.WaitAsync(cancellationToken);
        try
        {
            var (row, head) = await AppendUnderLockAsync(decision, cancellationToken);
            LogAppended(row.Id, row.Sequence);
            RecordLatestHead(head);
            return ToStored(row);
        }
        finally
        {
            AppendLock.Release();
        }
    }

    /// <summary>Returns the decision with <paramref name="id"/>, or null if there is none.</summary>
    public async Task<StoredDecision?> GetAsync(string id, CancellationToken cancellationToken)
    {
        const string sql = SelectRow + "\nWHERE id = @id";
        await using var connection = connectionFactory.Open();
        var row = await connection.QuerySingleOrDefaultAsync<DecisionRow>(
            new CommandDefinition(sql, new { id }, cancellationToken: cancellationToken));
        return row is null ? null : ToStored(row);
    }

    /// <summary>Returns the id of the decision at <paramref name="sequence"/>, or null if there is none.</summary>
    public async Task<string?> FindIdAsync(long sequence, CancellationToken cancellationToken)
    {
        await using var connection = connectionFactory.Open();
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT id FROM decisions WHERE sequence = @sequence", new { sequence }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Returns page <paramref name="page"/> (from 1) of the decisions, newest first. Throws
    /// <see cref="ArgumentOutOfRangeException"/> when the page is below 1 or the page size is not
    /// between 1 and <see cref="MaxPageSize"/>.
    /// </summary>
    public Task<DecisionPage> ListAsync(int page, int pageSize, CancellationToken cancellationToken) =>
        ListAsync(DecisionFilter.None, page, pageSize, cancellationToken);

    /// <summary>
    /// Returns page <paramref name="page"/> (from 1) of the decisions that match
    /// <paramref name="filter"/>, newest first; <see cref="DecisionPage.Total"/> counts the
    /// matching decisions. Throws <see cref="ArgumentOutOfRangeException"/> when the page is below
    /// 1 or the page size is not between 1 and <see cref="MaxPageSize"/>.
    /// </summary>
    public async Task<DecisionPage> ListAsync(
        DecisionFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);

        var (where, parameters) = filter.ToSql();
        string count = $"SELECT count(*) FROM decisions\n{where}";
        string select = $"""
            SELECT sequence AS Sequence, id AS Id, created_at AS CreatedAt, reference AS Reference,
                   rule_set_name AS RuleSetName, rule_set_version AS RuleSetVersion,
                   damage_amount AS DamageAmount, currency AS Currency
            FROM decisions
            {where}
            ORDER BY sequence DESC
            LIMIT @pageSize OFFSET @offset
            """;
        parameters.Add("pageSize", pageSize);
        parameters.Add("offset", (page - 1L) * pageSize);

        await using var connection = connectionFactory.Open();
        // One read transaction is one snapshot, so the total matches the page even while others append.
        await using var transaction = connection.BeginTransaction(deferred: true);
        long total = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(count, parameters, transaction, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<SummaryRow>(
            new CommandDefinition(select, parameters, transaction, cancellationToken: cancellationToken));
        var items = rows.Select(r => r.ToSummary()).ToList();
        return new DecisionPage(items, page, pageSize, total);
    }

    /// <summary>
    /// Reads every decision that matches <paramref name="filter"/>, newest first, one row at a
    /// time, so that an export of any size is never held in memory at once. The rows come from one
    /// read snapshot of the database.
    /// </summary>
    public async IAsyncEnumerable<StoredDecision> ExportAsync(
        DecisionFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (where, parameters) = filter.ToSql();
        string sql = $"{SelectRow}\n{where}\nORDER BY sequence DESC";

        await using var connection = connectionFactory.Open();
        await using var transaction = connection.BeginTransaction(deferred: true);
        await foreach (var row in connection.QueryUnbufferedAsync<DecisionRow>(sql, parameters, transaction)
                           .WithCancellation(cancellationToken))
        {
            yield return ToStored(row);
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = connectionFactory.Open();
        return await CountAsync(connection, null, cancellationToken);
    }

    /// <summary>
    /// Walks every decision in sequence order and checks that sequences have no gaps, that each
    /// row's fields still hash to its content hash, and that each previous hash equals the
    /// content hash of the row before. Stops at the first broken row.
    /// </summary>
    /// <remarks>
    /// Removing rows from the end of the chain leaves a shorter chain that is still valid, and
    /// someone who can write the file can rebuild the whole chain. The signed heads checked by
    /// <see cref="ChainHeadRepository.VerifyAsync"/> reveal both.
    /// </remarks>
    public async Task<ChainVerification> VerifyChainAsync(CancellationToken cancellationToken, IStringLocalizer? text = null)
    {
        await using var connection = connectionFactory.Open();
        await using var transaction = connection.BeginTransaction(deferred: true);
        var walk = new ChainWalk(text);
        while (true)
        {
            var batch = await ReadBatchAsync(connection, transaction, walk.LastSequence, cancellationToken);
            var evidence = await ReadEvidenceAsync(connection, transaction, walk.LastSequence, cancellationToken);
            foreach (var row in batch)
            {
                if ((walk.Check(row) ?? walk.CheckEvidence(evidence[row.Sequence])) is { } problem)
                {
                    LogChainBroken(row.Sequence, walk.Checked, walk.LastProblemInEnglish ?? problem);
                    return new ChainVerification(false, walk.Checked, row.Sequence, problem);
                }
            }

            if (batch.Count < VerifyBatchSize)
            {
                LogChainValid(walk.Checked);
                return new ChainVerification(true, walk.Checked, null, null);
            }
        }
    }

    /// <summary>
    /// Copies the new head to the file beside the signing key. The decision is already stored, so
    /// a failure here is logged and not raised; the next append writes the file again.
    /// </summary>
    private void RecordLatestHead(SignedChainHead head)
    {
        try
        {
            signer.RecordLatest(head);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            LogLatestHeadNotRecorded(ex, head.Sequence, signer.LatestHeadPath);
        }
    }

    private async Task<(DecisionRow Row, SignedChainHead Head)> AppendUnderLockAsync(NewDecision decision, CancellationToken cancellationToken)
    {
        const string selectHead = """
            SELECT sequence AS Sequence, content_hash AS ContentHash
            FROM decisions
            ORDER BY sequence DESC
            LIMIT 1
            """;
        const string insert = """
            INSERT INTO decisions
                (sequence, id, created_at, reference, rule_set_name, rule_set_version, rule_set_sha256,
                 evidence_id, damage_amount, currency, case_json, result_json, previous_hash, content_hash)
            VALUES
                (@Sequence, @Id, @CreatedAt, @Reference, @RuleSetName, @RuleSetVersion, @RuleSetSha256,
                 @EvidenceId, @DamageAmount, @Currency, @CaseJson, @ResultJson, @PreviousHash, @ContentHash)
            """;

        await using var connection = connectionFactory.Open();
        // deferred: false makes Microsoft.Data.Sqlite issue BEGIN IMMEDIATE: the write lock is
        // taken before the head is read, so no other writer can append between the read and
        // the insert.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var head = await connection.QuerySingleOrDefaultAsync<ChainHead>(
            new CommandDefinition(selectHead, transaction: transaction, cancellationToken: cancellationToken));
        var row = CreateRow(decision, head);
        await connection.ExecuteAsync(
            new CommandDefinition(insert, row, transaction, cancellationToken: cancellationToken));
        var signedHead = signer.Sign(row.Sequence, row.ContentHash, timeProvider.GetUtcNow());
        await ChainHeadRepository.InsertAsync(connection, transaction, signedHead, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (row, signedHead);
    }

    private DecisionRow CreateRow(NewDecision decision, ChainHead? head)
    {
        var createdAt = timeProvider.GetUtcNow();
        var row = new DecisionRow
        {
            Sequence = (head?.Sequence ?? 0) + 1,
            Id = StorageFormat.NewId(IdPrefix, createdAt),
            CreatedAt = StorageFormat.FormatTimestamp(createdAt),
            Reference = decision.Reference,
            RuleSetName = decision.RuleSetName,
            RuleSetVersion = decision.RuleSetVersion,
            RuleSetSha256 = decision.RuleSetSha256,
            EvidenceId = decision.EvidenceId,
            DamageAmount = StorageFormat.FormatAmount(decision.DamageAmount),
            Currency = decision.Currency,
            CaseJson = decision.CaseJson,
            ResultJson = decision.ResultJson,
            PreviousHash = head?.ContentHash ?? DecisionHasher.GenesisHash,
        };
        return row with { ContentHash = DecisionHasher.ComputeContentHash(row) };
    }

    private static async Task<long> CountAsync(
        SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM decisions", transaction: transaction, cancellationToken: cancellationToken));

    private static async Task<List<DecisionRow>> ReadBatchAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        long afterSequence,
        CancellationToken cancellationToken)
    {
        const string sql = SelectRow + """

            WHERE sequence > @afterSequence
            ORDER BY sequence
            LIMIT @limit
            """;
        var rows = await connection.QueryAsync<DecisionRow>(new CommandDefinition(
            sql, new { afterSequence, limit = VerifyBatchSize }, transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// Reads, for the same rows as <see cref="ReadBatchAsync"/>, the evidence each decision
    /// used and the evidence SHA-256 recorded in its hashed result, keyed by sequence.
    /// </summary>
    private static async Task<Dictionary<long, EvidenceLink>> ReadEvidenceAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        long afterSequence,
        CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT d.sequence AS Sequence, d.evidence_id AS EvidenceId, e.content AS Content,
                   json_extract(d.result_json, '$.evidenceSha256') AS RecordedSha256
            FROM decisions d
            LEFT JOIN evidence e ON e.id = d.evidence_id
            WHERE d.sequence > @afterSequence
            ORDER BY d.sequence
            LIMIT @limit
            """;
        var rows = await connection.QueryAsync<EvidenceLink>(new CommandDefinition(
            sql, new { afterSequence, limit = VerifyBatchSize }, transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Sequence);
    }

    private static void Validate(NewDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentException.ThrowIfNullOrWhiteSpace(decision.Reference, nameof(decision));
        ArgumentException.ThrowIfNullOrWhiteSpace(decision.RuleSetName, nameof(decision));
        ArgumentException.ThrowIfNullOrWhiteSpace(decision.Currency, nameof(decision));
        ArgumentException.ThrowIfNullOrWhiteSpace(decision.CaseJson, nameof(decision));
        ArgumentException.ThrowIfNullOrWhiteSpace(decision.ResultJson, nameof(decision));
        ArgumentOutOfRangeException.ThrowIfLessThan(decision.RuleSetVersion, 1, nameof(decision));
        if (!StorageFormat.IsSha256Hex(decision.RuleSetSha256))
        {
            throw new ArgumentException(
                $"RuleSetSha256 '{decision.RuleSetSha256}' is not a SHA-256: expected 64 lowercase hex digits.",
                nameof(decision));
        }
    }

    private static StoredDecision ToStored(DecisionRow row) => new(
        row.Sequence,
        row.Id,
        StorageFormat.ParseTimestamp(row.CreatedAt),
        row.Reference,
        row.RuleSetName,
        checked((int)row.RuleSetVersion),
        row.RuleSetSha256,
        row.EvidenceId,
        StorageFormat.ParseAmount(row.DamageAmount),
        row.Currency,
        row.CaseJson,
        row.ResultJson,
        row.PreviousHash,
        row.ContentHash);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Appended decision {DecisionId} at sequence {Sequence}")]
    private partial void LogAppended(string decisionId, long sequence);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Decision {Sequence} is stored, but its signed head could not be copied to {LatestHeadPath}")]
    private partial void LogLatestHeadNotRecorded(Exception exception, long sequence, string latestHeadPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision chain verified: {Checked} decisions, no break")]
    private partial void LogChainValid(long @checked);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Decision chain broken at sequence {Sequence} after reading {Checked} decisions: {Problem}")]
    private partial void LogChainBroken(long sequence, long @checked, string problem);

    private sealed class ChainHead
    {
        public long Sequence { get; set; }
        public string ContentHash { get; set; } = "";
    }

    private sealed class SummaryRow
    {
        public long Sequence { get; set; }
        public string Id { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string Reference { get; set; } = "";
        public string RuleSetName { get; set; } = "";
        public long RuleSetVersion { get; set; }
        public string DamageAmount { get; set; } = "";
        public string Currency { get; set; } = "";

        public DecisionSummary ToSummary() => new(
            Sequence,
            Id,
            StorageFormat.ParseTimestamp(CreatedAt),
            Reference,
            RuleSetName,
            checked((int)RuleSetVersion),
            StorageFormat.ParseAmount(DamageAmount),
            Currency);
    }
}
