using Microsoft.Data.Sqlite;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

/// <summary>
/// The append-only triggers, and chain verification after someone with write access to the file
/// has dropped a trigger and changed rows.
/// </summary>
public sealed class DecisionChainTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly DecisionRepository _decisions;

    public DecisionChainTests()
    {
        _decisions = _database.CreateDecisions();
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task VerifyChainAsync_EmptyLog_IsValid()
    {
        var verification = await _decisions.VerifyChainAsync(CancellationToken.None);

        Assert.Equal(new ChainVerification(true, 0, null, null), verification);
    }

    [Fact]
    public async Task VerifyChainAsync_UntouchedChain_IsValid()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 5);

        var verification = await _decisions.VerifyChainAsync(CancellationToken.None);

        Assert.Equal(new ChainVerification(true, 5, null, null), verification);
    }

    [Theory]
    [InlineData(499)]
    [InlineData(500)]
    [InlineData(501)]
    public async Task VerifyChainAsync_ChainAroundBatchSize_ChecksEveryRow(int count)
    {
        await SampleDecisions.AppendManyAsync(_decisions, count);

        var verification = await _decisions.VerifyChainAsync(CancellationToken.None);

        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(count, verification.Checked);
    }

    [Fact]
    public async Task VerifyChainAsync_AlteredAmount_ReportsThatRow()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 5);
        _database.Execute("DROP TRIGGER decisions_no_update");
        _database.Execute("UPDATE decisions SET damage_amount = '1.00' WHERE sequence = 3");

        var verification = await _decisions.VerifyChainAsync(CancellationToken.None);

        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Equal(3, verification.Checked);
        Assert.Contains("altered", verification.Problem);
    }

    [Fact]
    public async Task VerifyChainAsync_RehashedRow_ReportsNextRow()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 5);
        _database.Execute("DROP TRIGGER decisions_no_update");
        var row = _database.QuerySingle<DecisionRow>(DecisionRows.Select + " WHERE sequence = 3");
        // The forger also rewrites row 3's content hash, so only the link from row 4 shows the edit.
        var forged = row with { ResultJson = """{"shares":["forged"]}""" };
        _database.Execute(
            "UPDATE decisions SET result_json = @ResultJson, content_hash = @ContentHash WHERE sequence = 3",
            forged with { ContentHash = DecisionHasher.ComputeContentHash(forged) });

        var verification = await _decisions.VerifyChainAsync(CancellationToken.None);

        Assert.False(verification.Valid);
        Assert.Equal(4, verification.FirstBrokenSequence);
        Assert.Contains("previous hash", verification.Problem);
    }

    [Fact]
    public async Task VerifyChainAsync_DeletedRow_ReportsGap()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 5);
        _database.Execute("DROP TRIGGER decisions_no_delete");
        _database.Execute("DELETE FROM decisions WHERE sequence = 2");

        var verification = await _decisions.VerifyChainAsync(CancellationToken.None);

        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Contains("Decision 2 is missing", verification.Problem);
    }

    [Fact]
    public async Task VerifyChainAsync_DeletedFirstRow_ReportsGap()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 3);
        _database.Execute("DROP TRIGGER decisions_no_delete");
        _database.Execute("DELETE FROM decisions WHERE sequence = 1");

        var verification = await _decisions.VerifyChainAsync(CancellationToken.None);

        Assert.False(verification.Valid);
        Assert.Equal(2, verification.FirstBrokenSequence);
        Assert.Contains("starts at decision 2", verification.Problem);
    }

    [Fact]
    public async Task Update_AnyDecision_IsRejectedByTrigger()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 2);

        var error = Assert.Throws<SqliteException>(
            () => _database.Execute("UPDATE decisions SET reference = 'changed' WHERE sequence = 1"));

        Assert.Contains("decisions are append-only", error.Message);
        Assert.Equal("case-1", _database.QueryScalar<string>("SELECT reference FROM decisions WHERE sequence = 1"));
    }

    [Fact]
    public async Task Delete_AnyDecision_IsRejectedByTrigger()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 2);

        var error = Assert.Throws<SqliteException>(() => _database.Execute("DELETE FROM decisions"));

        Assert.Contains("decisions are append-only", error.Message);
        Assert.Equal(2, _database.QueryScalar<long>("SELECT count(*) FROM decisions"));
    }

    [Fact]
    public async Task Insert_NotAtHead_IsRejectedByTrigger()
    {
        var stored = await SampleDecisions.AppendManyAsync(_decisions, 2);
        var row = _database.QuerySingle<DecisionRow>(DecisionRows.Select + " WHERE sequence = 2");
        // A second writer that read the head before decision 2 was appended would build this row.
        var fork = row with
        {
            Id = "dec-fork",
            PreviousHash = stored[0].ContentHash,
            Sequence = 3,
            ContentHash = new string('f', 64),
        };

        var error = Assert.Throws<SqliteException>(() => _database.Execute(
            """
            INSERT INTO decisions
                (sequence, id, created_at, reference, rule_set_name, rule_set_version, rule_set_sha256,
                 evidence_id, damage_amount, currency, case_json, result_json, previous_hash, content_hash)
            VALUES
                (@Sequence, @Id, @CreatedAt, @Reference, @RuleSetName, @RuleSetVersion, @RuleSetSha256,
                 @EvidenceId, @DamageAmount, @Currency, @CaseJson, @ResultJson, @PreviousHash, @ContentHash)
            """,
            fork));

        Assert.Contains("appended at the head", error.Message);
    }
}
