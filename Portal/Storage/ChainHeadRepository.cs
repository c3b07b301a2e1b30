using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Localization;

namespace PolicyEngine.Portal.Storage;

/// <summary>What a check of the signed chain heads found; <see cref="None"/> when they verify.</summary>
public enum ChainSignatureProblem
{
    None,

    /// <summary>The key file is missing or unreadable, so no signature could be checked.</summary>
    KeyUnavailable,

    /// <summary>A head was signed with another key than the configured one.</summary>
    WrongKey,

    /// <summary>A head's signature does not verify over its fields.</summary>
    ForgedSignature,

    /// <summary>A head's content hash is not the content hash of the decision at its sequence.</summary>
    HeadMismatch,

    /// <summary>The chain ends before the latest signed head.</summary>
    Truncated,

    /// <summary>Decisions after the latest signed head are covered by no signature.</summary>
    Unsigned,
}

/// <summary>
/// The outcome of checking the signed chain heads. <see cref="SignaturesChecked"/> counts the
/// heads in the database; the copy of the latest head beside the key is checked as well but not
/// counted. <see cref="LatestSignedSequence"/> is the later of the latest stored head and that
/// copy. <see cref="Problem"/> names the first problem found, and <see cref="Message"/> describes
/// it (null when <see cref="Valid"/>). <see cref="ProblemSequence"/> is the decision it concerns,
/// when there is one.
/// </summary>
public sealed record ChainSignatureVerification(
    bool Valid,
    long SignaturesChecked,
    long? LatestSignedSequence,
    long LastDecisionSequence,
    string? KeyId,
    ChainSignatureProblem Problem,
    long? ProblemSequence,
    string? Message);

/// <summary>
/// Stores a signed head after each appended decision and checks the stored heads against the
/// decision chain and the signing key.
/// </summary>
public sealed partial class ChainHeadRepository(
    SqliteConnectionFactory connectionFactory,
    ChainHeadSigner signer,
    ILogger<ChainHeadRepository> logger)
{
    private const int BatchSize = 500;

    /// <summary>
    /// Inserts <paramref name="head"/> inside the transaction that appended its decision, so that
    /// a decision and its signed head are stored together or not at all.
    /// </summary>
    internal static Task InsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, SignedChainHead head, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO chain_heads (sequence, content_hash, signed_at, key_id, signature)
            VALUES (@Sequence, @ContentHash, @SignedAt, @KeyId, @Signature)
            """;
        return connection.ExecuteAsync(new CommandDefinition(sql, head, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Checks every stored head: that it was signed with the configured key, that its signature
    /// verifies, and that the decision at its sequence still has its content hash. Then checks
    /// the copy of the latest head kept beside the key the same way. Then checks that the latest
    /// signed head is the last decision of the chain, which reveals decisions cut from the end
    /// (truncation, even when their heads were deleted too) and decisions appended without a
    /// signature. Reports the first problem in sequence order. The decision chain itself is
    /// checked by <see cref="DecisionRepository.VerifyChainAsync"/>.
    /// </summary>
    public async Task<ChainSignatureVerification> VerifyAsync(CancellationToken cancellationToken, IStringLocalizer? text = null)
    {
        await using var connection = connectionFactory.Open();
        await using var transaction = connection.BeginTransaction(deferred: true);
        long lastDecision = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT coalesce(max(sequence), 0) FROM decisions", transaction: transaction, cancellationToken: cancellationToken));
        long? latestHead = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT max(sequence) FROM chain_heads", transaction: transaction, cancellationToken: cancellationToken));

        string? keyId;
        try
        {
            keyId = signer.KeyId;
        }
        catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException)
        {
            if (lastDecision == 0 && latestHead is null)
            {
                return Result(0, latestHead, lastDecision, null, ChainSignatureProblem.None, null, null);
            }

            return Result(0, latestHead, lastDecision, null, ChainSignatureProblem.KeyUnavailable, null,
                Wording.Of(text, "The signed chain heads could not be checked: {0}", ex.Message));
        }

        long checkedCount = 0;
        long afterSequence = 0;
        while (true)
        {
            var batch = await ReadBatchAsync(connection, transaction, afterSequence, cancellationToken);
            foreach (var head in batch)
            {
                checkedCount++;
                if (CheckHead(head, keyId, text) is { } found)
                {
                    return Result(checkedCount, latestHead, lastDecision, keyId, found.Problem, head.Sequence, found.Message);
                }
            }

            if (batch.Count < BatchSize)
            {
                break;
            }

            afterSequence = batch[^1].Sequence;
        }

        SignedChainHead? copy;
        try
        {
            copy = signer.ReadLatest();
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            return Result(checkedCount, latestHead, lastDecision, keyId, ChainSignatureProblem.ForgedSignature, null,
                Wording.Of(text, "The copy of the latest signed head in '{0}' could not be read: {1}", signer.LatestHeadPath, ex.Message));
        }

        if (copy is not null)
        {
            string? decisionHash = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT content_hash FROM decisions WHERE sequence = @Sequence", copy, transaction, cancellationToken: cancellationToken));
            var row = new HeadRow
            {
                Sequence = copy.Sequence,
                ContentHash = copy.ContentHash,
                SignedAt = copy.SignedAt,
                KeyId = copy.KeyId,
                Signature = copy.Signature,
                DecisionContentHash = decisionHash,
            };
            if (CheckHead(row, keyId, text) is { } found)
            {
                const string copyNote = "{0} (The head checked is the copy in '{1}'.)";
                var message = new Wording(
                    Wording.Of(text, copyNote, found.Message.Shown, signer.LatestHeadPath).Shown,
                    Wording.Of(null, copyNote, found.Message.English, signer.LatestHeadPath).English);
                return Result(checkedCount, latestHead, lastDecision, keyId, found.Problem, copy.Sequence, message);
            }

            latestHead = Math.Max(latestHead ?? 0, copy.Sequence);
        }

        return CheckEnds(checkedCount, latestHead, lastDecision, keyId, text);
    }

    private ChainSignatureVerification CheckEnds(
        long checkedCount, long? latestHead, long lastDecision, string keyId, IStringLocalizer? text)
    {
        long signed = latestHead ?? 0;
        if (signed > lastDecision)
        {
            var removed = signed == lastDecision + 1
                ? Wording.Of(
                    text, "The chain ends at decision {0}, but a signed head records decision {1}: decision {1} was removed.",
                    lastDecision, signed)
                : Wording.Of(
                    text, "The chain ends at decision {0}, but a signed head records decision {1}: decisions {2} to {1} were removed.",
                    lastDecision, signed, lastDecision + 1);
            return Result(checkedCount, latestHead, lastDecision, keyId, ChainSignatureProblem.Truncated, lastDecision + 1, removed);
        }

        if (lastDecision > signed)
        {
            var unsigned = lastDecision == signed + 1
                ? Wording.Of(
                    text, "Decision {0} is covered by no signed head, so they were stored without the portal's signing key "
                    + "(or before the portal signed chain heads).", lastDecision)
                : Wording.Of(
                    text, "Decisions {0} to {1} are covered by no signed head, so they were stored without the portal's signing key "
                    + "(or before the portal signed chain heads).", signed + 1, lastDecision);
            return Result(checkedCount, latestHead, lastDecision, keyId, ChainSignatureProblem.Unsigned, signed + 1, unsigned);
        }

        return Result(checkedCount, latestHead, lastDecision, keyId, ChainSignatureProblem.None, null, null);
    }

    private (ChainSignatureProblem Problem, Wording Message)? CheckHead(HeadRow head, string keyId, IStringLocalizer? text)
    {
        var signed = head.ToSigned();
        if (!string.Equals(head.KeyId, keyId, StringComparison.Ordinal))
        {
            return (ChainSignatureProblem.WrongKey, Wording.Of(
                text,
                "The head at decision {0} was signed with key {1}, but the configured key '{2}' has id {3}. "
                + "Set {4} to the key that signed this database.",
                head.Sequence, head.KeyId, signer.KeyPath, keyId, ChainHeadSigner.KeyPathSetting));
        }

        if (!signer.Verify(signed))
        {
            return (ChainSignatureProblem.ForgedSignature, Wording.Of(
                text,
                "The signature of the head at decision {0} does not verify with key {1}: "
                + "the head was forged or altered after signing.",
                head.Sequence, keyId));
        }

        if (head.DecisionContentHash is { } actual && !string.Equals(actual, head.ContentHash, StringComparison.Ordinal))
        {
            return (ChainSignatureProblem.HeadMismatch, Wording.Of(
                text,
                "Decision {0} has content hash {1}, but the head signed for it records {2}: "
                + "the chain was rewritten after it was signed.",
                head.Sequence, actual, head.ContentHash));
        }

        return null;
    }

    /// <summary>Logs the outcome in English and returns it with the message in the request's language.</summary>
    private ChainSignatureVerification Result(
        long checkedCount, long? latestHead, long lastDecision, string? keyId, ChainSignatureProblem problem, long? sequence,
        Wording? message)
    {
        if (problem == ChainSignatureProblem.None)
        {
            LogSignaturesValid(checkedCount, lastDecision);
        }
        else
        {
            LogSignaturesInvalid(problem, sequence, message?.English);
        }

        return new ChainSignatureVerification(
            problem == ChainSignatureProblem.None, checkedCount, latestHead, lastDecision, keyId, problem, sequence, message?.Shown);
    }

    /// <summary>A problem as the page shows it, in the request's language, and as the log records it, in English.</summary>
    private sealed record Wording(string Shown, string English)
    {
        public static Wording Of(IStringLocalizer? text, string english, params object?[] arguments)
        {
            string inEnglish = string.Format(CultureInfo.InvariantCulture, english, arguments);
            return new Wording(text is null ? inEnglish : text[english, arguments!], inEnglish);
        }
    }

    private static async Task<List<HeadRow>> ReadBatchAsync(
        SqliteConnection connection, SqliteTransaction transaction, long afterSequence, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT h.sequence AS Sequence, h.content_hash AS ContentHash, h.signed_at AS SignedAt,
                   h.key_id AS KeyId, h.signature AS Signature, d.content_hash AS DecisionContentHash
            FROM chain_heads h
            LEFT JOIN decisions d ON d.sequence = h.sequence
            WHERE h.sequence > @afterSequence
            ORDER BY h.sequence
            LIMIT @limit
            """;
        var rows = await connection.QueryAsync<HeadRow>(new CommandDefinition(
            sql, new { afterSequence, limit = BatchSize }, transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Signed chain heads verified: {Checked} signatures, chain ends at decision {LastDecision}")]
    private partial void LogSignaturesValid(long @checked, long lastDecision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signed chain heads failed the check ({Problem}) at decision {Sequence}: {Message}")]
    private partial void LogSignaturesInvalid(ChainSignatureProblem problem, long? sequence, string? message);

    private sealed class HeadRow
    {
        public long Sequence { get; set; }
        public string ContentHash { get; set; } = "";
        public string SignedAt { get; set; } = "";
        public string KeyId { get; set; } = "";
        public string Signature { get; set; } = "";
        public string? DecisionContentHash { get; set; }

        public SignedChainHead ToSigned() => new(Sequence, ContentHash, SignedAt, KeyId, Signature);
    }
}
