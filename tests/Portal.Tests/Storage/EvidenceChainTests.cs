using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

/// <summary>Chain verification of the evidence each decision recorded by its SHA-256.</summary>
public sealed class EvidenceChainTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly DecisionRepository _decisions;
    private readonly EvidenceRepository _evidence;

    public EvidenceChainTests()
    {
        _decisions = _database.CreateDecisions();
        _evidence = _database.CreateEvidence();
    }

    public void Dispose() => _database.Dispose();

    private async Task AppendWithEvidenceAsync(string reference)
    {
        var record = await _evidence.AddAsync("""{"metrics":{"accuracy":0.9}}""", "inline", CancellationToken.None);
        var decision = SampleDecisions.Create(reference, evidenceId: record.Id) with
        {
            ResultJson = $$"""{"evidenceSha256":"{{record.Sha256}}","shares":[]}""",
        };
        await _decisions.AppendAsync(decision, CancellationToken.None);
    }

    [Fact]
    public async Task VerifyChainAsync_UntouchedEvidence_IsValid()
    {
        await AppendWithEvidenceAsync("case-1");
        await AppendWithEvidenceAsync("case-2");

        var verification = await _decisions.VerifyChainAsync(CancellationToken.None);

        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(2, verification.Checked);
    }

    [Fact]
    public async Task VerifyChainAsync_EvidenceChangedAfterDecision_ReportsDecision()
    {
        await AppendWithEvidenceAsync("case-1");
        await AppendWithEvidenceAsync("case-2");
        _database.Execute("DROP TRIGGER evidence_no_update");
        // The forger also updates the evidence row's own hash; the decision's recorded hash still differs.
        _database.Execute("""
            UPDATE evidence SET content = '{"metrics":{"accuracy":0.99}}',
                sha256 = '0000000000000000000000000000000000000000000000000000000000000001'
            WHERE id = (SELECT evidence_id FROM decisions WHERE sequence = 2)
            """);

        var verification = await _decisions.VerifyChainAsync(CancellationToken.None);

        Assert.False(verification.Valid);
        Assert.Equal(2, verification.FirstBrokenSequence);
        Assert.Contains("now hashes to", verification.Problem);
    }

    [Fact]
    public async Task VerifyChainAsync_EvidenceDeleted_ReportsMissingEvidence()
    {
        await AppendWithEvidenceAsync("case-1");
        _database.Execute("DROP TRIGGER evidence_no_delete");
        _database.Execute("PRAGMA foreign_keys = OFF; DELETE FROM evidence;");

        var verification = await _decisions.VerifyChainAsync(CancellationToken.None);

        Assert.False(verification.Valid);
        Assert.Contains("missing", verification.Problem);
    }
}
