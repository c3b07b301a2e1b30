using System.Security.Cryptography;
using System.Text;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

public sealed class DecisionHasherTests
{
    private static readonly DecisionRow Row = new()
    {
        Sequence = 2,
        Id = "dec-0195a1b2c3d47e5f8a9b0c1d2e3f4a5b",
        CreatedAt = "2025-03-01T09:30:15.0000000+00:00",
        Reference = "case-ü",
        RuleSetName = "eu",
        RuleSetVersion = 1,
        RuleSetSha256 = SampleDecisions.RuleSetSha256,
        EvidenceId = null,
        DamageAmount = "1234.50",
        Currency = "EUR",
        CaseJson = "{\"a\":1}",
        ResultJson = "{}",
        PreviousHash = new string('a', 64),
        ContentHash = "ignored",
    };

    [Fact]
    public void ComputeContentHash_KnownRow_MatchesDocumentedForm()
    {
        // Written out by hand from the format documented on DecisionHasher; "case-ü" is 7 UTF-8 bytes.
        string canonical =
            "policyengine-decision-v1\n"
            + "sequence=1:2\n"
            + "id=36:dec-0195a1b2c3d47e5f8a9b0c1d2e3f4a5b\n"
            + "created_at=33:2025-03-01T09:30:15.0000000+00:00\n"
            + "reference=7:case-ü\n"
            + "rule_set_name=2:eu\n"
            + "rule_set_version=1:1\n"
            + $"rule_set_sha256=64:{SampleDecisions.RuleSetSha256}\n"
            + "evidence_id=null\n"
            + "damage_amount=7:1234.50\n"
            + "currency=3:EUR\n"
            + "case_json=7:{\"a\":1}\n"
            + "result_json=2:{}\n"
            + $"previous_hash=64:{new string('a', 64)}\n";
        string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

        Assert.Equal(expected, DecisionHasher.ComputeContentHash(Row));
    }

    [Fact]
    public void ComputeContentHash_StoredContentHash_IsIgnored()
    {
        var other = Row with { ContentHash = new string('b', 64) };

        Assert.Equal(DecisionHasher.ComputeContentHash(Row), DecisionHasher.ComputeContentHash(other));
    }

    [Fact]
    public void ComputeContentHash_AmountScale_ChangesHash()
    {
        var rescaled = Row with { DamageAmount = "1234.5" };

        Assert.NotEqual(DecisionHasher.ComputeContentHash(Row), DecisionHasher.ComputeContentHash(rescaled));
    }

    [Fact]
    public void ComputeContentHash_TextMovedBetweenFields_ChangesHash()
    {
        var moved = Row with { CaseJson = "{\"a\":1}{}", ResultJson = "" };

        Assert.NotEqual(DecisionHasher.ComputeContentHash(Row), DecisionHasher.ComputeContentHash(moved));
    }

    [Fact]
    public void ComputeContentHash_NullAndEmptyEvidenceId_Differ()
    {
        var empty = Row with { EvidenceId = "" };

        Assert.NotEqual(DecisionHasher.ComputeContentHash(Row), DecisionHasher.ComputeContentHash(empty));
    }

    [Fact]
    public void GenesisHash_Is64Zeros()
    {
        Assert.Equal(new string('0', 64), DecisionHasher.GenesisHash);
    }
}
