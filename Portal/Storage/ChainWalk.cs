using System.Security.Cryptography;
using System.Text;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// The evidence a decision used, and the SHA-256 of it that the decision's hashed result
/// recorded (null for decisions stored without one).
/// </summary>
internal sealed record EvidenceLink
{
    public long Sequence { get; init; }
    public string? EvidenceId { get; init; }
    public string? Content { get; init; }
    public string? RecordedSha256 { get; init; }
}

/// <summary>
/// Checks decision rows one at a time, in sequence order, against the rows before them.
/// </summary>
internal sealed class ChainWalk
{
    private string _previousHash = DecisionHasher.GenesisHash;

    /// <summary>Sequence of the last row checked, or 0 before the first.</summary>
    public long LastSequence { get; private set; }

    public long Checked { get; private set; }

    /// <summary>
    /// Checks <paramref name="row"/> and returns what is wrong with it, or null when it extends the chain.
    /// </summary>
    public string? Check(DecisionRow row)
    {
        Checked++;
        string? problem = FindGap(row) ?? FindAlteration(row) ?? FindBrokenLink(row);
        LastSequence = row.Sequence;
        _previousHash = row.ContentHash;
        return problem;
    }

    /// <summary>
    /// Checks that the evidence a decision used still hashes to the SHA-256 recorded in the
    /// decision, so that evidence changed after the decision breaks verification too.
    /// </summary>
    public static string? CheckEvidence(EvidenceLink link)
    {
        if (link.EvidenceId is null || link.RecordedSha256 is null)
        {
            return null;
        }

        if (link.Content is null)
        {
            return $"Decision {link.Sequence} used evidence {link.EvidenceId}, which is missing.";
        }

        string actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(link.Content)));
        return string.Equals(actual, link.RecordedSha256, StringComparison.Ordinal)
            ? null
            : $"Decision {link.Sequence} used evidence {link.EvidenceId} with SHA-256 {link.RecordedSha256}, "
              + $"but that evidence now hashes to {actual}.";
    }

    private string? FindGap(DecisionRow row)
    {
        long expected = LastSequence + 1;
        if (row.Sequence == expected)
        {
            return null;
        }

        string missing = row.Sequence == expected + 1
            ? $"Decision {expected} is missing"
            : $"Decisions {expected} to {row.Sequence - 1} are missing";
        string found = LastSequence == 0
            ? $"the chain starts at decision {row.Sequence}"
            : $"decision {row.Sequence} follows decision {LastSequence}";
        return $"{missing}: {found}.";
    }

    private static string? FindAlteration(DecisionRow row)
    {
        string actual = DecisionHasher.ComputeContentHash(row);
        return string.Equals(actual, row.ContentHash, StringComparison.Ordinal)
            ? null
            : $"Decision {row.Sequence} was altered: its fields hash to {actual}, "
              + $"not to its stored content hash {row.ContentHash}.";
    }

    private string? FindBrokenLink(DecisionRow row) =>
        string.Equals(row.PreviousHash, _previousHash, StringComparison.Ordinal)
            ? null
            : $"Decision {row.Sequence} records previous hash {row.PreviousHash}, "
              + $"but the decision before it has content hash {_previousHash}.";
}
