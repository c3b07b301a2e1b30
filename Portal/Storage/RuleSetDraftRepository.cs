using Dapper;
using Microsoft.Data.Sqlite;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// Stores drafts of rule sets, the scenarios attached to them and the edit log. Each change and
/// its edit-log entry are written in one transaction, so the log names every change that was
/// stored. Published rows stay frozen through the schema's triggers; the checks here only turn
/// that case into a result the caller can report.
/// </summary>
public sealed class RuleSetDraftRepository(
    SqliteConnectionFactory connectionFactory, RuleSetRepository ruleSets, TimeProvider timeProvider)
{
    /// <summary>
    /// Stores <paramref name="content"/> as the next version of <paramref name="name"/>, as a draft,
    /// attaches <paramref name="scenarios"/> when it is not null, and logs <paramref name="action"/>.
    /// Creates the rule set with <paramref name="description"/> when it does not exist yet.
    /// </summary>
    public async Task<RuleSetVersion> CreateDraftAsync(
        string name, string? description, string content, string? scenarios, string actor, string action, string detail,
        CancellationToken cancellationToken)
    {
        string sha256 = StorageFormat.Sha256Hex(content);
        RuleSetRepository.ValidateVersion(name, content, sha256, actor);

        await using var connection = connectionFactory.Open();
        await using var transaction = connection.BeginTransaction(deferred: false);
        var draft = await ruleSets.InsertVersionAsync(
            connection, transaction, name, description, content, sha256, actor, RuleSetStatus.Draft, cancellationToken);
        string now = Now();
        if (scenarios is not null)
        {
            await UpsertScenariosAsync(connection, transaction, name, draft.Version, scenarios, actor, now, cancellationToken);
        }

        await InsertEditAsync(connection, transaction, name, draft.Version, action, detail, actor, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return draft;
    }

    /// <summary>
    /// Replaces the text of draft <paramref name="version"/> with <paramref name="content"/> and logs
    /// the save, or returns <see cref="DraftWriteResult.NotDraft"/> without a change when the version
    /// is missing or published.
    /// </summary>
    public async Task<DraftWriteResult> SaveContentAsync(
        string name, int version, string content, string actor, string detail, CancellationToken cancellationToken)
    {
        string sha256 = StorageFormat.Sha256Hex(content);
        RuleSetRepository.ValidateVersion(name, content, sha256, actor);
        const string update = """
            UPDATE rule_set_versions SET content = @content, sha256 = @sha256
            WHERE rule_set_name = @name AND version = @version AND status = 'draft'
            """;

        await using var connection = connectionFactory.Open();
        await using var transaction = connection.BeginTransaction(deferred: false);
        int updated = await connection.ExecuteAsync(new CommandDefinition(
            update, new { name, version, content, sha256 }, transaction, cancellationToken: cancellationToken));
        if (updated == 0)
        {
            return DraftWriteResult.NotDraft;
        }

        await InsertEditAsync(
            connection, transaction, name, version, RuleSetEditActions.Saved, detail, actor, Now(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return DraftWriteResult.Written;
    }

    /// <summary>
    /// Attaches <paramref name="content"/> (a scenarios file) to draft <paramref name="version"/>,
    /// replacing what was attached, and logs the change.
    /// </summary>
    public async Task<DraftWriteResult> SaveScenariosAsync(
        string name, int version, string content, string actor, string detail, CancellationToken cancellationToken)
    {
        await using var connection = connectionFactory.Open();
        await using var transaction = connection.BeginTransaction(deferred: false);
        string? status = await StatusAsync(connection, transaction, name, version, cancellationToken);
        if (status != RuleSetStatus.Draft)
        {
            return DraftWriteResult.NotDraft;
        }

        string now = Now();
        await UpsertScenariosAsync(connection, transaction, name, version, content, actor, now, cancellationToken);
        await InsertEditAsync(
            connection, transaction, name, version, RuleSetEditActions.ScenariosChanged, detail, actor, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return DraftWriteResult.Written;
    }

    /// <summary>
    /// Publishes draft <paramref name="version"/> as <paramref name="actor"/>, now, provided its text
    /// still has <paramref name="expectedSha256"/> and its scenarios are still
    /// <paramref name="expectedScenarios"/>, the ones the caller ran. From then on the row is frozen.
    /// </summary>
    public async Task<DraftWriteResult> PublishAsync(
        string name, int version, string expectedSha256, string expectedScenarios, string actor,
        CancellationToken cancellationToken)
    {
        const string publish = """
            UPDATE rule_set_versions SET status = 'published', published_at = @now, published_by = @actor
            WHERE rule_set_name = @name AND version = @version AND status = 'draft' AND sha256 = @expectedSha256
            """;

        await using var connection = connectionFactory.Open();
        await using var transaction = connection.BeginTransaction(deferred: false);
        string? status = await StatusAsync(connection, transaction, name, version, cancellationToken);
        if (status != RuleSetStatus.Draft)
        {
            return DraftWriteResult.NotDraft;
        }

        var scenarios = await GetScenariosAsync(connection, transaction, name, version, cancellationToken);
        if (scenarios?.Content != expectedScenarios)
        {
            return DraftWriteResult.Changed;
        }

        string now = Now();
        int updated = await connection.ExecuteAsync(new CommandDefinition(
            publish, new { name, version, expectedSha256, now, actor }, transaction, cancellationToken: cancellationToken));
        if (updated == 0)
        {
            return DraftWriteResult.Changed;
        }

        await InsertEditAsync(
            connection, transaction, name, version, RuleSetEditActions.Published,
            $"Published version {version} (SHA-256 {expectedSha256}).", actor, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return DraftWriteResult.Written;
    }

    /// <summary>Returns the scenarios attached to <paramref name="version"/>, or null when none are.</summary>
    public async Task<AttachedScenarios?> GetScenariosAsync(string name, int version, CancellationToken cancellationToken)
    {
        await using var connection = connectionFactory.Open();
        return await GetScenariosAsync(connection, null, name, version, cancellationToken);
    }

    /// <summary>Lists the edit log of <paramref name="name"/>, newest first.</summary>
    public async Task<IReadOnlyList<RuleSetEdit>> ListEditsAsync(string name, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id AS Id, rule_set_name AS RuleSetName, version AS Version, action AS Action,
                   detail AS Detail, actor AS Actor, at AS At
            FROM rule_set_edits
            WHERE rule_set_name = @name
            ORDER BY id DESC
            """;
        await using var connection = connectionFactory.Open();
        var rows = await connection.QueryAsync<EditRow>(new CommandDefinition(sql, new { name }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEdit()).ToList();
    }

    /// <summary>Lists the inputs of every decision made under <paramref name="version"/> of <paramref name="name"/>, oldest first.</summary>
    public async Task<IReadOnlyList<DecisionInputs>> ListDecisionInputsAsync(
        string name, int version, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT sequence AS Sequence, id AS Id, reference AS Reference, evidence_id AS EvidenceId,
                   case_json AS CaseJson, result_json AS ResultJson
            FROM decisions
            WHERE rule_set_name = @name AND rule_set_version = @version
            ORDER BY sequence
            """;
        await using var connection = connectionFactory.Open();
        var rows = await connection.QueryAsync<DecisionInputsRow>(
            new CommandDefinition(sql, new { name, version }, cancellationToken: cancellationToken));
        return rows.Select(r => new DecisionInputs(r.Sequence, r.Id, r.Reference, r.EvidenceId, r.CaseJson, r.ResultJson)).ToList();
    }

    private string Now() => StorageFormat.FormatTimestamp(timeProvider.GetUtcNow());

    private static Task<string?> StatusAsync(
        SqliteConnection connection, SqliteTransaction transaction, string name, int version, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT status FROM rule_set_versions WHERE rule_set_name = @name AND version = @version",
            new { name, version }, transaction, cancellationToken: cancellationToken));

    private static async Task<AttachedScenarios?> GetScenariosAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string name, int version, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT content AS Content, updated_at AS UpdatedAt, updated_by AS UpdatedBy
            FROM rule_set_draft_scenarios
            WHERE rule_set_name = @name AND version = @version
            """;
        var row = await connection.QuerySingleOrDefaultAsync<ScenariosRow>(
            new CommandDefinition(sql, new { name, version }, transaction, cancellationToken: cancellationToken));
        return row is null ? null : new AttachedScenarios(row.Content, StorageFormat.ParseTimestamp(row.UpdatedAt), row.UpdatedBy);
    }

    private static Task UpsertScenariosAsync(
        SqliteConnection connection, SqliteTransaction transaction, string name, int version, string content,
        string actor, string now, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO rule_set_draft_scenarios (rule_set_name, version, content, updated_at, updated_by)
            VALUES (@name, @version, @content, @now, @actor)
            ON CONFLICT (rule_set_name, version)
            DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """;
        return connection.ExecuteAsync(new CommandDefinition(
            sql, new { name, version, content, now, actor }, transaction, cancellationToken: cancellationToken));
    }

    private static Task InsertEditAsync(
        SqliteConnection connection, SqliteTransaction transaction, string name, int version, string action,
        string detail, string actor, string now, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO rule_set_edits (rule_set_name, version, action, detail, actor, at)
            VALUES (@name, @version, @action, @detail, @actor, @now)
            """;
        return connection.ExecuteAsync(new CommandDefinition(
            sql, new { name, version, action, detail, actor, now }, transaction, cancellationToken: cancellationToken));
    }

    // Dapper fills these by property name, as in RuleSetRepository.
    private sealed class EditRow
    {
        public long Id { get; set; }
        public string RuleSetName { get; set; } = "";
        public long Version { get; set; }
        public string Action { get; set; } = "";
        public string Detail { get; set; } = "";
        public string Actor { get; set; } = "";
        public string At { get; set; } = "";

        public RuleSetEdit ToEdit() => new(
            Id, RuleSetName, checked((int)Version), Action, Detail, Actor, StorageFormat.ParseTimestamp(At));
    }

    private sealed class ScenariosRow
    {
        public string Content { get; set; } = "";
        public string UpdatedAt { get; set; } = "";
        public string UpdatedBy { get; set; } = "";
    }

    private sealed class DecisionInputsRow
    {
        public long Sequence { get; set; }
        public string Id { get; set; } = "";
        public string Reference { get; set; } = "";
        public string? EvidenceId { get; set; }
        public string CaseJson { get; set; } = "";
        public string ResultJson { get; set; } = "";
    }
}
