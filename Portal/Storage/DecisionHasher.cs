using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// A row of the <c>decisions</c> table with every column exactly as SQLite stores it, so that a
/// hash over it covers the stored text and not a value parsed from it.
/// </summary>
public sealed record DecisionRow
{
    public long Sequence { get; init; }
    public string Id { get; init; } = "";
    public string CreatedAt { get; init; } = "";
    public string Reference { get; init; } = "";
    public string RuleSetName { get; init; } = "";
    public long RuleSetVersion { get; init; }
    public string RuleSetSha256 { get; init; } = "";
    public string? EvidenceId { get; init; }
    public string DamageAmount { get; init; } = "";
    public string Currency { get; init; } = "";
    public string CaseJson { get; init; } = "";
    public string ResultJson { get; init; } = "";
    public string PreviousHash { get; init; } = "";
    public string ContentHash { get; init; } = "";
}

/// <summary>
/// Computes the content hash that links each decision to the one before it.
/// </summary>
/// <remarks>
/// The content hash is the lowercase hex SHA-256 of the UTF-8 bytes of this text:
/// the line <c>policyengine-decision-v1</c>, then one line per column in the order
/// sequence, id, created_at, reference, rule_set_name, rule_set_version, rule_set_sha256,
/// evidence_id, damage_amount, currency, case_json, result_json, previous_hash. A line is the
/// column name, <c>=</c>, the UTF-8 byte length of the value in decimal digits, <c>:</c>, the
/// value and <c>\n</c>, for example <c>currency=3:EUR\n</c>; a null value is written as the
/// column name followed by <c>=null\n</c>. Values are the stored text: integers in invariant
/// digits, timestamps in the round-trip ("O") format in UTC, the amount in invariant decimal
/// text with its scale. The length prefix means that no value, whatever characters it holds,
/// can be read as part of the next one. content_hash itself is the only column left out.
/// </remarks>
public static class DecisionHasher
{
    /// <summary>The previous hash of the first decision: 64 zeros.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private const string FormatVersionLine = "policyengine-decision-v1\n";

    /// <summary>
    /// Computes the content hash of <paramref name="row"/>, ignoring its <see cref="DecisionRow.ContentHash"/>.
    /// </summary>
    public static string ComputeContentHash(DecisionRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var text = new StringBuilder(FormatVersionLine);
        AppendField(text, "sequence", row.Sequence.ToString(CultureInfo.InvariantCulture));
        AppendField(text, "id", row.Id);
        AppendField(text, "created_at", row.CreatedAt);
        AppendField(text, "reference", row.Reference);
        AppendField(text, "rule_set_name", row.RuleSetName);
        AppendField(text, "rule_set_version", row.RuleSetVersion.ToString(CultureInfo.InvariantCulture));
        AppendField(text, "rule_set_sha256", row.RuleSetSha256);
        AppendField(text, "evidence_id", row.EvidenceId);
        AppendField(text, "damage_amount", row.DamageAmount);
        AppendField(text, "currency", row.Currency);
        AppendField(text, "case_json", row.CaseJson);
        AppendField(text, "result_json", row.ResultJson);
        AppendField(text, "previous_hash", row.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void AppendField(StringBuilder text, string name, string? value)
    {
        text.Append(name).Append('=');
        if (value is null)
        {
            text.Append("null\n");
            return;
        }

        text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture))
            .Append(':')
            .Append(value)
            .Append('\n');
    }
}
