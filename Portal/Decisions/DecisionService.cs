using System.Text.Json;
using FluentValidation;
using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Evidence;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Decisions;

/// <summary>
/// The outcome of submitting a case: a stored decision, or the reasons nothing was stored.
/// <see cref="FieldErrors"/> are keyed by the JSON path of the field (<c>damage.amount</c>).
/// </summary>
public sealed record DecisionOutcome(
    DecisionDto? Decision,
    IReadOnlyDictionary<string, string[]> FieldErrors,
    IReadOnlyList<RuleError> RuleErrors)
{
    public static DecisionOutcome Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors, []);
}

/// <summary>
/// Decides a case: validates it, chooses the rule-set version (see
/// <see cref="RuleSetVersionSelector"/>), evaluates it, and appends the decision to the hash
/// chain. Shared by the JSON API and the portal form.
/// </summary>
public sealed partial class DecisionService(
    LiabilityEngine engine,
    IValidator<CaseDocument> validator,
    RuleSetRepository ruleSets,
    EvidenceService evidence,
    DecisionRepository decisions,
    IStringLocalizer<DecisionService> text,
    IStringLocalizer<RuleSetVersionSelector> selectorText,
    ILogger<DecisionService> logger)
{
    private readonly RuleSetVersionSelector _versionSelector = new(ruleSets, selectorText);

    public async Task<DecisionOutcome> DecideAsync(CaseDocument document, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(document, cancellationToken);
        if (!validation.IsValid)
        {
            return DecisionOutcome.Invalid(validation.ToDictionary().AsReadOnly());
        }

        var choice = await _versionSelector.SelectAsync(
            document.RuleSet!, document.RuleSetVersion, document.EventDate!.Value, cancellationToken);
        if (choice.Errors is { } versionErrors)
        {
            return DecisionOutcome.Invalid(versionErrors);
        }

        var version = choice.Version!;

        var (evidenceDocument, storedEvidence) = await ResolveEvidenceAsync(document, cancellationToken);
        if (document.EvidenceId is not null && storedEvidence is null)
        {
            return DecisionOutcome.Invalid(new Dictionary<string, string[]>
            {
                ["evidenceId"] = [text[
                    "No evidence record has the id '{0}'; store it first with POST /api/v1/evidence.", document.EvidenceId]],
            });
        }

        var compiled = engine.Compile(version.Content);
        var caseFile = document.ToCaseFile();
        var evaluation = await engine.EvaluateAsync(compiled, caseFile, evidenceDocument.ToEvidenceFacts(), cancellationToken);
        if (!evaluation.Succeeded)
        {
            LogEvaluationFailed(caseFile.Reference, version.RuleSetName, version.Version, evaluation.Errors.Count);
            return new DecisionOutcome(null, new Dictionary<string, string[]>(), evaluation.Errors);
        }

        var decision = await StoreAsync(document, version, choice.Selection!, evaluation, evidenceDocument, storedEvidence);
        return new DecisionOutcome(decision, new Dictionary<string, string[]>(), []);
    }

    /// <summary>
    /// Stores inline evidence (a stored record is reused as it is), then appends the decision.
    /// Once writing starts it is finished even if the client goes away.
    /// </summary>
    private async Task<DecisionDto> StoreAsync(
        CaseDocument document,
        RuleSetVersion version,
        RuleSetSelectionDto selection,
        Evaluation evaluation,
        EvidenceDocument? evidenceDocument,
        EvidenceRecord? storedEvidence)
    {
        var caseFile = document.ToCaseFile();
        var evidenceRecord = storedEvidence;
        if (evidenceRecord is null && evidenceDocument is not null)
        {
            // NOTE: inline evidence and the decision are two transactions, so a crash between
            // them leaves an evidence row that no decision references.
            evidenceRecord = await evidence.StoreAsync(evidenceDocument, EvidenceService.InlineSource);
        }

        var result = DecisionMapper.ToResult(caseFile, evaluation, evidenceRecord?.Sha256, selection);
        var stored = await decisions.AppendAsync(
            new NewDecision(
                caseFile.Reference,
                version.RuleSetName,
                version.Version,
                version.Sha256,
                evidenceRecord?.Id,
                result.Damage.Amount,
                caseFile.Damage.Currency,
                JsonSerializer.Serialize(document with { Evidence = null }, DecisionJson.Storage),
                JsonSerializer.Serialize(result, DecisionJson.Storage)),
            CancellationToken.None);
        LogDecided(stored.Id, stored.Sequence, caseFile.Reference, version.RuleSetName, version.Version);

        JsonElement? evidenceJson = evidenceRecord is null ? null : JsonDocument.Parse(evidenceRecord.Content).RootElement.Clone();
        return DecisionMapper.ToDto(stored, result, evidenceJson);
    }

    public async Task<DecisionDto?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await decisions.GetAsync(id, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        JsonElement? evidenceJson = null;
        if (stored.EvidenceId is not null && await evidence.GetAsync(stored.EvidenceId, cancellationToken) is { } record)
        {
            evidenceJson = JsonDocument.Parse(record.Content).RootElement.Clone();
        }

        var result = JsonSerializer.Deserialize<DecisionResultDto>(stored.ResultJson, DecisionJson.Storage)
            ?? throw new InvalidOperationException($"Decision {id} has an empty result.");
        return DecisionMapper.ToDto(stored, result, evidenceJson);
    }

    public Task<DecisionListDto> ListAsync(int page, int pageSize, CancellationToken cancellationToken) =>
        ListAsync(DecisionFilter.None, page, pageSize, cancellationToken);

    public async Task<DecisionListDto> ListAsync(
        DecisionFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        var found = await decisions.ListAsync(filter, page, pageSize, cancellationToken);
        var items = found.Items
            .Select(d => new DecisionListItemDto(d.Id, d.Sequence, d.CreatedAt, d.Reference, d.RuleSetName, d.RuleSetVersion, d.DamageAmount, d.Currency))
            .ToList();
        return new DecisionListDto(items, found.Page, found.PageSize, found.Total);
    }

    /// <summary>
    /// Returns the evidence the rules read: the stored record named by evidenceId, or the inline
    /// evidence completed with its computed interval (not stored yet), or none.
    /// </summary>
    private async Task<(EvidenceDocument? Document, EvidenceRecord? Stored)> ResolveEvidenceAsync(
        CaseDocument document, CancellationToken cancellationToken)
    {
        if (document.EvidenceId is { } id)
        {
            var stored = await evidence.GetAsync(id, cancellationToken);
            return stored is null ? (null, null) : (EvidenceService.Parse(stored), stored);
        }

        return document.Evidence is null ? (null, null) : (EvidenceService.Complete(document.Evidence), null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision {DecisionId} (#{Sequence}) stored for case {Reference} under {RuleSet} v{Version}")]
    private partial void LogDecided(string decisionId, long sequence, string reference, string ruleSet, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {Reference} not decided: {ErrorCount} rule error(s) in {RuleSet} v{Version}")]
    private partial void LogEvaluationFailed(string reference, string ruleSet, int version, int errorCount);
}
