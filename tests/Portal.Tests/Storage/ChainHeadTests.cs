using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

/// <summary>
/// Signed chain heads, checked after someone with write access to the database file (but not
/// to the key file) has dropped triggers and changed rows.
/// </summary>
public sealed class ChainHeadTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly DecisionRepository _decisions;
    private readonly ChainHeadRepository _heads;

    public ChainHeadTests()
    {
        _decisions = _database.CreateDecisions();
        _heads = _database.CreateChainHeads();
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Verify_EmptyLog_IsValid()
    {
        var verification = await _heads.VerifyAsync(CancellationToken.None);

        Assert.True(verification.Valid, verification.Message);
        Assert.Equal(0, verification.SignaturesChecked);
        Assert.Null(verification.LatestSignedSequence);
    }

    [Fact]
    public async Task Verify_CleanChain_IsValid()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 5);

        var verification = await _heads.VerifyAsync(CancellationToken.None);

        Assert.True(verification.Valid, verification.Message);
        Assert.Equal(ChainSignatureProblem.None, verification.Problem);
        Assert.Equal(5, verification.SignaturesChecked);
        Assert.Equal(5, verification.LatestSignedSequence);
        Assert.Equal(5, verification.LastDecisionSequence);
        Assert.Equal(_database.Signer.KeyId, verification.KeyId);
    }

    [Fact]
    public async Task Append_StoresSignedHeadOfNewDecision()
    {
        var stored = await SampleDecisions.AppendManyAsync(_database.CreateDecisions(), 2);

        var head = _database.QuerySingle<SignedChainHead>(
            "SELECT sequence AS Sequence, content_hash AS ContentHash, signed_at AS SignedAt, key_id AS KeyId, signature AS Signature "
            + "FROM chain_heads WHERE sequence = 2");

        Assert.Equal(stored[1].ContentHash, head.ContentHash);
        Assert.Equal(_database.Signer.KeyId, head.KeyId);
        Assert.Equal(128, head.Signature.Length);
        Assert.True(_database.Signer.Verify(head));
    }

    [Fact]
    public async Task Verify_TruncatedChain_ReportsRemovedDecisions()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 5);
        _database.Execute("DROP TRIGGER decisions_no_delete");
        _database.Execute("DELETE FROM decisions WHERE sequence >= 4");

        var chain = await _decisions.VerifyChainAsync(CancellationToken.None);
        var verification = await _heads.VerifyAsync(CancellationToken.None);

        Assert.True(chain.Valid, "the shortened chain still links up, which is why heads are signed");
        Assert.False(verification.Valid);
        Assert.Equal(ChainSignatureProblem.Truncated, verification.Problem);
        Assert.Equal(4, verification.ProblemSequence);
        Assert.Contains("decisions 4 to 5 were removed", verification.Message);
    }

    [Fact]
    public async Task Verify_HeadsDeletedToo_ReportsTruncation()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 5);
        _database.Execute("DROP TRIGGER decisions_no_delete");
        _database.Execute("DROP TRIGGER chain_heads_no_delete");
        _database.Execute("DELETE FROM decisions WHERE sequence >= 4");
        _database.Execute("DELETE FROM chain_heads WHERE sequence >= 4");

        var verification = await _heads.VerifyAsync(CancellationToken.None);

        Assert.Equal(ChainSignatureProblem.Truncated, verification.Problem);
        Assert.Equal(5, verification.LatestSignedSequence);
        Assert.Contains("decisions 4 to 5 were removed", verification.Message);
    }

    [Fact]
    public async Task Verify_ForgedHeadCopy_ReportsForgery()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 2);
        string path = _database.Signer.LatestHeadPath;
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"sequence\":2", "\"sequence\":9", StringComparison.Ordinal));

        var verification = await _heads.VerifyAsync(CancellationToken.None);

        Assert.Equal(ChainSignatureProblem.ForgedSignature, verification.Problem);
        Assert.Equal(9, verification.ProblemSequence);
        Assert.Contains(path, verification.Message);
    }

    [Fact]
    public async Task Append_CopiesLatestHeadBesideKey()
    {
        var stored = await SampleDecisions.AppendManyAsync(_decisions, 3);

        var copy = _database.Signer.ReadLatest();

        Assert.NotNull(copy);
        Assert.Equal(3, copy.Sequence);
        Assert.Equal(stored[2].ContentHash, copy.ContentHash);
        Assert.True(_database.Signer.Verify(copy));
    }

    [Fact]
    public async Task Verify_ForgedSignature_ReportsThatHead()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 5);
        _database.Execute("DROP TRIGGER chain_heads_no_update");
        string signature = _database.QueryScalar<string>("SELECT signature FROM chain_heads WHERE sequence = 3");
        string flipped = (signature[0] == '0' ? '1' : '0') + signature[1..];
        _database.Execute("UPDATE chain_heads SET signature = @flipped WHERE sequence = 3", new { flipped });

        var verification = await _heads.VerifyAsync(CancellationToken.None);

        Assert.False(verification.Valid);
        Assert.Equal(ChainSignatureProblem.ForgedSignature, verification.Problem);
        Assert.Equal(3, verification.ProblemSequence);
    }

    [Fact]
    public async Task Verify_HeadFieldChangedWithoutResigning_IsForged()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 3);
        _database.Execute("DROP TRIGGER chain_heads_no_update");
        _database.Execute("UPDATE chain_heads SET signed_at = '2020-01-01T00:00:00.0000000+00:00' WHERE sequence = 2");

        var verification = await _heads.VerifyAsync(CancellationToken.None);

        Assert.Equal(ChainSignatureProblem.ForgedSignature, verification.Problem);
        Assert.Equal(2, verification.ProblemSequence);
    }

    [Fact]
    public async Task Verify_OtherKey_ReportsWrongKey()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 2);
        using var otherKey = TemporaryDatabase.CreateSigner(Path.Combine(_database.Folder, "other", "chain-signing.pem"));

        var verification = await _database.CreateChainHeads(otherKey).VerifyAsync(CancellationToken.None);

        Assert.False(verification.Valid);
        Assert.Equal(ChainSignatureProblem.WrongKey, verification.Problem);
        Assert.Equal(1, verification.ProblemSequence);
        Assert.Contains(_database.Signer.KeyId, verification.Message);
        Assert.Contains(otherKey.KeyId, verification.Message);
    }

    [Fact]
    public async Task Verify_ForgersKey_ReportsWrongKey()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 2);
        using var forgersKey = TemporaryDatabase.CreateSigner(Path.Combine(_database.Folder, "forger", "key.pem"));
        _database.Execute("DROP TRIGGER chain_heads_no_delete");
        _database.Execute("DELETE FROM chain_heads");
        foreach (var decision in ReadDecisions())
        {
            var head = forgersKey.Sign(decision.Sequence, decision.ContentHash, DateTimeOffset.UtcNow);
            _database.Execute(
                "INSERT INTO chain_heads VALUES (@Sequence, @ContentHash, @SignedAt, @KeyId, @Signature)", head);
        }

        var verification = await _heads.VerifyAsync(CancellationToken.None);

        Assert.Equal(ChainSignatureProblem.WrongKey, verification.Problem);
    }

    [Fact]
    public async Task Verify_RebuiltChain_ReportsFirstRewrittenDecision()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 5);
        _database.Execute("DROP TRIGGER decisions_no_update");
        RebuildFrom(3);

        var chain = await _decisions.VerifyChainAsync(CancellationToken.None);
        var verification = await _heads.VerifyAsync(CancellationToken.None);

        Assert.True(chain.Valid, "a rebuilt chain links up again");
        Assert.Equal(ChainSignatureProblem.HeadMismatch, verification.Problem);
        Assert.Equal(3, verification.ProblemSequence);
    }

    [Fact]
    public async Task Verify_DecisionAppendedWithoutPortal_ReportsUnsigned()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 2);
        var last = _database.QuerySingle<DecisionRow>(DecisionRows.Select + " WHERE sequence = 2");
        var extra = last with { Sequence = 3, Id = "dec-extra", PreviousHash = last.ContentHash };
        _database.Execute(
            """
            INSERT INTO decisions VALUES (@Sequence, @Id, @CreatedAt, @Reference, @RuleSetName, @RuleSetVersion,
                @RuleSetSha256, @EvidenceId, @DamageAmount, @Currency, @CaseJson, @ResultJson, @PreviousHash, @ContentHash)
            """,
            extra with { ContentHash = DecisionHasher.ComputeContentHash(extra) });

        var verification = await _heads.VerifyAsync(CancellationToken.None);

        Assert.Equal(ChainSignatureProblem.Unsigned, verification.Problem);
        Assert.Equal(3, verification.ProblemSequence);
    }

    [Fact]
    public async Task Verify_MissingKeyFile_ReportsKeyUnavailable()
    {
        await SampleDecisions.AppendManyAsync(_decisions, 1);
        string missing = Path.Combine(_database.Folder, "nowhere", "key.pem");
        using var signer = new ChainHeadSigner(missing, Microsoft.Extensions.Logging.Abstractions.NullLogger<ChainHeadSigner>.Instance);

        var verification = await _database.CreateChainHeads(signer).VerifyAsync(CancellationToken.None);

        Assert.Equal(ChainSignatureProblem.KeyUnavailable, verification.Problem);
        Assert.Contains(missing, verification.Message);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void EnsureKey_CreatesOwnerOnlyFile()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes do not apply there.
        }

        string path = Path.Combine(_database.Folder, "fresh", "chain-signing.pem");
        using var signer = TemporaryDatabase.CreateSigner(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(path));
    }

    [Fact]
    public void EnsureKey_ExistingFile_KeepsKey()
    {
        string path = Path.Combine(_database.Folder, "kept", "chain-signing.pem");
        string keyId;
        using (var first = TemporaryDatabase.CreateSigner(path))
        {
            keyId = first.KeyId;
        }

        using var second = TemporaryDatabase.CreateSigner(path);

        Assert.Equal(keyId, second.KeyId);
    }

    private List<DecisionRow> ReadDecisions() =>
        Enumerable.Range(1, (int)_database.QueryScalar<long>("SELECT count(*) FROM decisions"))
            .Select(sequence => _database.QuerySingle<DecisionRow>(DecisionRows.Select + " WHERE sequence = @sequence", new { sequence }))
            .ToList();

    /// <summary>Changes decision <paramref name="first"/>'s result and rehashes it and every later decision, as a forger would.</summary>
    private void RebuildFrom(long first)
    {
        long last = _database.QueryScalar<long>("SELECT max(sequence) FROM decisions");
        string previous = _database.QueryScalar<string>("SELECT content_hash FROM decisions WHERE sequence = @sequence", new { sequence = first - 1 });
        for (long sequence = first; sequence <= last; sequence++)
        {
            var row = _database.QuerySingle<DecisionRow>(DecisionRows.Select + " WHERE sequence = @sequence", new { sequence });
            var forged = row with { PreviousHash = previous };
            if (sequence == first)
            {
                forged = forged with { ResultJson = """{"shares":["forged"]}""" };
            }

            forged = forged with { ContentHash = DecisionHasher.ComputeContentHash(forged) };
            _database.Execute(
                "UPDATE decisions SET result_json = @ResultJson, previous_hash = @PreviousHash, content_hash = @ContentHash WHERE sequence = @Sequence",
                forged);
            previous = forged.ContentHash;
        }
    }
}
