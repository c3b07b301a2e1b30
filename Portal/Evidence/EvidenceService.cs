using System.Text.Json;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Evidence;
using PolicyEngine.Ml.Metrics;
using PolicyEngine.Portal.Decisions;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Evidence;

/// <summary>A stored evidence record, or the reasons nothing was stored, keyed by field path.</summary>
public sealed record EvidenceOutcome(EvidenceRecord? Record, IReadOnlyDictionary<string, string[]> Errors)
{
    public static EvidenceOutcome Invalid(string field, string message) =>
        new(null, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// Stores evidence records submitted as JSON or computed from an uploaded predictions CSV, and
/// reads them back. Shared by the JSON API, the evidence pages and the decision workflow.
/// </summary>
public sealed partial class EvidenceService(EvidenceRepository evidence, ILogger<EvidenceService> logger)
{
    public const string ApiSource = "api";
    public const string PredictionsSource = "predictions-upload";
    public const string InlineSource = "inline";

    public const string DefaultFileName = "predictions.csv";

    public const int MaxFileNameLength = 200;

    private static readonly EvidenceDocumentValidator Validator = new();

    /// <summary>
    /// Returns the record as rules read it: with the format version, and with the 95% interval
    /// filled in where the submitter left it to be computed.
    /// </summary>
    public static EvidenceDocument Complete(EvidenceDocument submitted)
    {
        var facts = submitted.ToEvidenceFacts();
        return submitted with
        {
            SchemaVersion = submitted.SchemaVersion ?? EvidenceDocumentValidator.SchemaVersion,
            Metrics = submitted.Metrics! with { AccuracyLower95 = facts.AccuracyLower95, AccuracyUpper95 = facts.AccuracyUpper95 },
        };
    }

    /// <summary>Reads a stored record's content; stored content was validated when it was added.</summary>
    public static EvidenceDocument Parse(EvidenceRecord record) =>
        JsonSerializer.Deserialize<EvidenceDocument>(record.Content, DecisionJson.Storage)
        ?? throw new InvalidOperationException($"Evidence {record.Id} has empty content.");

    public async Task<EvidenceOutcome> AddAsync(EvidenceDocument document, string source, CancellationToken cancellationToken)
    {
        var validation = Validator.Validate(document);
        if (!validation.IsValid)
        {
            return new EvidenceOutcome(null, validation.ToDictionary().AsReadOnly());
        }

        return new EvidenceOutcome(await StoreAsync(Complete(document), source), new Dictionary<string, string[]>());
    }

    /// <summary>
    /// Computes an evidence record from a predictions CSV exactly as the <c>evaluate-predictions</c>
    /// command does, and stores it. A rejected file is reported under the field <c>file</c>.
    /// </summary>
    public async Task<EvidenceOutcome> AddPredictionsAsync(Stream csv, string? fileName, CancellationToken cancellationToken)
    {
        fileName = CleanFileName(fileName);
        EvidenceRecord? stored;
        try
        {
            var computed = await Ml.Evidence.PredictionsEvidence.FromStreamAsync(csv, fileName, cancellationToken: cancellationToken);
            var document = JsonSerializer.Deserialize<EvidenceDocument>(Ml.Evidence.EvidenceJson.Serialize(computed), EngineJson.Options)!;
            var outcome = await AddAsync(document, PredictionsSource, cancellationToken);
            stored = outcome.Record;
            if (stored is null)
            {
                return outcome;
            }
        }
        catch (Exception ex) when (ex is PredictionsCsvException or NonFiniteProbabilityException)
        {
            LogPredictionsRejected(fileName, ex.Message);
            return EvidenceOutcome.Invalid("file", ex.Message);
        }

        return new EvidenceOutcome(stored, new Dictionary<string, string[]>());
    }

    /// <summary>
    /// Returns the name a predictions file is recorded under: its last path segment, without
    /// control characters, at most <see cref="MaxFileNameLength"/> characters, or a default.
    /// </summary>
    public static string CleanFileName(string? fileName)
    {
        string name = new((Path.GetFileName(fileName ?? "")).Where(c => !char.IsControl(c)).ToArray());
        name = name.Trim();
        if (name is "" or "." or "..")
        {
            return DefaultFileName;
        }

        return name.Length <= MaxFileNameLength ? name : name[..MaxFileNameLength];
    }

    public Task<EvidenceRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        evidence.GetAsync(id, cancellationToken);

    public Task<EvidencePage> ListAsync(int page, int pageSize, CancellationToken cancellationToken) =>
        evidence.ListAsync(page, pageSize, cancellationToken);

    /// <summary>Stores a completed record. Once writing starts it is finished even if the client goes away.</summary>
    internal async Task<EvidenceRecord> StoreAsync(EvidenceDocument completed, string source)
    {
        string json = JsonSerializer.Serialize(completed, DecisionJson.Storage);
        var record = await evidence.AddAsync(json, source, CancellationToken.None);
        LogStored(record.Id, source, record.Sha256);
        return record;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evidence {EvidenceId} stored from {Source} ({Sha256})")]
    private partial void LogStored(string evidenceId, string source, string sha256);

    [LoggerMessage(Level = LogLevel.Information, Message = "Predictions file {FileName} rejected: {Reason}")]
    private partial void LogPredictionsRejected(string fileName, string reason);
}
