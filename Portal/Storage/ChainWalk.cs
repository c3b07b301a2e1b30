using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Localization;

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
/// Checks decision rows one at a time, in sequence order, against the rows before them. Problems
/// are worded through <paramref name="text"/> in the request's language, or in English without it
/// (the <c>verify</c> command and the log).
/// </summary>
internal sealed class ChainWalk(IStringLocalizer? text = null)
{
    private string _previousHash = DecisionHasher.GenesisHash;

    /// <summary>Sequence of the last row checked, or 0 before the first.</summary>
    public long LastSequence { get; private set; }

    public long Checked { get; private set; }

    /// <summary>The last problem found, in English for the log whatever the request's language.</summary>
    public string? LastProblemInEnglish { get; private set; }

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
    public string? CheckEvidence(EvidenceLink link)
    {
        if (link.EvidenceId is null || link.RecordedSha256 is null)
        {
            return null;
        }

        if (link.Content is null)
        {
            return Text("Decision {0} used evidence {1}, which is missing.", link.Sequence, link.EvidenceId);
        }

        string actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(link.Content)));
        return string.Equals(actual, link.RecordedSha256, StringComparison.Ordinal)
            ? null
            : Text(
                "Decision {0} used evidence {1} with SHA-256 {2}, but that evidence now hashes to {3}.",
                link.Sequence, link.EvidenceId, link.RecordedSha256, actual);
    }

    private string? FindGap(DecisionRow row)
    {
        long expected = LastSequence + 1;
        if (row.Sequence == expected)
        {
            return null;
        }

        var (missingFormat, missingArguments) = row.Sequence == expected + 1
            ? ("Decision {0} is missing", new object[] { expected })
            : ("Decisions {0} to {1} are missing", new object[] { expected, row.Sequence - 1 });
        var (foundFormat, foundArguments) = LastSequence == 0
            ? ("the chain starts at decision {0}", new object[] { row.Sequence })
            : ("decision {0} follows decision {1}", new object[] { row.Sequence, LastSequence });
        string shown = Text("{0}: {1}.", Text(missingFormat, missingArguments), Text(foundFormat, foundArguments));
        LastProblemInEnglish = Invariant(
            "{0}: {1}.", Invariant(missingFormat, missingArguments), Invariant(foundFormat, foundArguments));
        return shown;
    }

    private string? FindAlteration(DecisionRow row)
    {
        string actual = DecisionHasher.ComputeContentHash(row);
        return string.Equals(actual, row.ContentHash, StringComparison.Ordinal)
            ? null
            : Text(
                "Decision {0} was altered: its fields hash to {1}, not to its stored content hash {2}.",
                row.Sequence, actual, row.ContentHash);
    }

    private string? FindBrokenLink(DecisionRow row) =>
        string.Equals(row.PreviousHash, _previousHash, StringComparison.Ordinal)
            ? null
            : Text(
                "Decision {0} records previous hash {1}, but the decision before it has content hash {2}.",
                row.Sequence, row.PreviousHash, _previousHash);

    private string Text(string english, params object?[] arguments)
    {
        LastProblemInEnglish = Invariant(english, arguments);
        return text is null ? LastProblemInEnglish : text[english, arguments!];
    }

    private static string Invariant(string format, params object?[] arguments) =>
        string.Format(CultureInfo.InvariantCulture, format, arguments);
}
