using System.Globalization;
using System.Text;
using System.Text.Json;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Decisions;

/// <summary>
/// Writes decisions as CSV or JSON for auditors, one decision at a time, with each party's
/// amount and percent, the rule-set version and hash, and the decision's content hash.
/// </summary>
public static class DecisionExport
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string JsonContentType = "application/json; charset=utf-8";

    private static readonly string[] FixedColumns =
    [
        "sequence", "id", "created_at", "reference", "rule_set", "rule_set_version", "rule_set_sha256",
        "damage_amount", "currency", "complete",
    ];

    /// <summary>
    /// Writes <paramref name="decisions"/> as RFC 4180 CSV with a header line and CRLF line ends,
    /// and returns how many were written. A text value that a spreadsheet would run as a formula
    /// (starting with =, +, -, @, tab or carriage return) is prefixed with an apostrophe.
    /// </summary>
    public static async Task<long> WriteCsvAsync(
        IAsyncEnumerable<StoredDecision> decisions, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n" };
        var header = FixedColumns
            .Concat(Parties.All.SelectMany(p => new[] { $"{Column(p)}_amount", $"{Column(p)}_percent" }))
            .Append("content_hash");
        await writer.WriteLineAsync(string.Join(',', header));

        long count = 0;
        await foreach (var decision in decisions.WithCancellation(cancellationToken))
        {
            var result = ReadResult(decision);
            var fields = new List<string>
            {
                Invariant(decision.Sequence),
                Text(decision.Id),
                StorageFormat.FormatTimestamp(decision.CreatedAt),
                Text(decision.Reference),
                Text(decision.RuleSetName),
                Invariant(decision.RuleSetVersion),
                decision.RuleSetSha256,
                StorageFormat.FormatAmount(decision.DamageAmount),
                Text(decision.Currency),
                result.Complete ? "true" : "false",
            };
            foreach (var party in Parties.All)
            {
                var share = result.Shares.FirstOrDefault(s => s.Party == party.ToName());
                fields.Add(share is null ? "" : StorageFormat.FormatAmount(share.Amount));
                fields.Add(share is null ? "" : StorageFormat.FormatAmount(share.Percent));
            }

            fields.Add(decision.ContentHash);
            await writer.WriteLineAsync(string.Join(',', fields));
            count++;
        }

        return count;
    }

    /// <summary>
    /// Writes <paramref name="decisions"/> as a JSON array, flushing as it goes, and returns how
    /// many were written. Amounts are JSON numbers in the currency's major unit, as in the API.
    /// </summary>
    public static async Task<long> WriteJsonAsync(
        IAsyncEnumerable<StoredDecision> decisions, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(output);
        writer.WriteStartArray();
        long count = 0;
        await foreach (var decision in decisions.WithCancellation(cancellationToken))
        {
            WriteJsonItem(writer, decision, ReadResult(decision));
            count++;
            if (writer.BytesPending > 16 * 1024)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
        return count;
    }

    private static void WriteJsonItem(Utf8JsonWriter writer, StoredDecision decision, DecisionResultDto result)
    {
        writer.WriteStartObject();
        writer.WriteString("id", decision.Id);
        writer.WriteNumber("sequence", decision.Sequence);
        writer.WriteString("createdAt", decision.CreatedAt);
        writer.WriteString("reference", decision.Reference);
        writer.WriteStartObject("ruleSet");
        writer.WriteString("name", decision.RuleSetName);
        writer.WriteNumber("version", decision.RuleSetVersion);
        writer.WriteString("sha256", decision.RuleSetSha256);
        writer.WriteEndObject();
        writer.WriteStartObject("damage");
        writer.WriteNumber("amount", decision.DamageAmount);
        writer.WriteString("currency", decision.Currency);
        writer.WriteEndObject();
        writer.WriteStartArray("shares");
        foreach (var share in result.Shares)
        {
            writer.WriteStartObject();
            writer.WriteString("party", share.Party);
            writer.WriteNumber("amount", share.Amount);
            writer.WriteNumber("percent", share.Percent);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteBoolean("complete", result.Complete);
        writer.WriteString("contentHash", decision.ContentHash);
        writer.WriteEndObject();
    }

    private static DecisionResultDto ReadResult(StoredDecision decision) =>
        JsonSerializer.Deserialize<DecisionResultDto>(decision.ResultJson, DecisionJson.Storage)
        ?? throw new InvalidOperationException($"Decision {decision.Id} has an empty result.");

    private static string Column(Party party) => party.ToName().Replace('-', '_');

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Quotes a text field when it needs it, after defusing a leading formula character.</summary>
    private static string Text(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        bool quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        return quote ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
