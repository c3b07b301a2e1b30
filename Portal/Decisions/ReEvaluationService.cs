using System.Globalization;
using System.Text.Json;
using FluentValidation;
using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Evidence;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Decisions;

/// <summary>Names of the checks a re-evaluation makes before it compares results.</summary>
public static class ReEvaluationChecks
{
    /// <summary>The rule-set version the decision names is stored.</summary>
    public const string RuleSetVersion = "rule-set-version";

    /// <summary>The stored version's SHA-256, and the SHA-256 of its text, equal the one the decision recorded.</summary>
    public const string RuleSetSha256 = "rule-set-sha256";

    /// <summary>The stored version's text still compiles.</summary>
    public const string RuleSetCompiles = "rule-set-compiles";

    /// <summary>The stored case reads back as a valid case.</summary>
    public const string Case = "case";

    /// <summary>The evidence record the decision used is stored and readable.</summary>
    public const string Evidence = "evidence";

    /// <summary>Every rule evaluates without an error.</summary>
    public const string Evaluation = "evaluation";
}

/// <summary>
/// Re-evaluates a stored decision for an audit: its stored case and evidence record under the exact
/// rule-set version it names, compared with its stored result JSON. Nothing is stored.
/// </summary>
public sealed partial class ReEvaluationService(
    LiabilityEngine engine,
    IValidator<CaseDocument> validator,
    RuleSetRepository ruleSets,
    EvidenceService evidence,
    DecisionRepository decisions,
    IStringLocalizer<ReEvaluationService> text,
    ILogger<ReEvaluationService> logger)
{
    // A result altered throughout could differ in hundreds of places; the log names the first few.
    private const int MaxLoggedPaths = 10;

    /// <summary>Re-evaluates the decision with <paramref name="id"/>, or returns null when no decision has that id.</summary>
    public async Task<ReEvaluationDto?> ReEvaluateAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await decisions.GetAsync(id, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        LogStarted(stored.Id, stored.RuleSetName, stored.RuleSetVersion);
        var storedSelection = StoredSelection(stored);
        var ruleSet = DecisionMapper.ToRuleSetRef(stored, storedSelection);
        var (resultJson, failedCheck) = await RecomputeAsync(stored, storedSelection, cancellationToken);
        if (failedCheck is not null)
        {
            LogCheckFailed(stored.Id, failedCheck.Check, failedCheck.MessageInEnglish ?? failedCheck.Message);
            return new ReEvaluationDto(stored.Id, ruleSet, false, []) { FailedCheck = failedCheck };
        }

        using var storedResult = JsonDocument.Parse(stored.ResultJson);
        using var recomputedResult = JsonDocument.Parse(resultJson!);
        var differences = JsonComparison.Compare(storedResult.RootElement, recomputedResult.RootElement);
        if (differences.Count == 0)
        {
            LogIdentical(stored.Id);
        }
        else
        {
            LogDifferent(stored.Id, differences.Count, string.Join(", ", differences.Take(MaxLoggedPaths).Select(d => d.Path)));
        }

        return new ReEvaluationDto(stored.Id, ruleSet, differences.Count == 0, differences);
    }

    /// <summary>
    /// Evaluates the decision's inputs again and returns the result JSON as the decision workflow
    /// would store it, or the first check that failed.
    /// </summary>
    private async Task<(string? ResultJson, ReEvaluationCheckDto? FailedCheck)> RecomputeAsync(
        StoredDecision stored, RuleSetSelectionDto? storedSelection, CancellationToken cancellationToken)
    {
        var (version, ruleSetFailure) = await LoadRuleSetAsync(stored, cancellationToken);
        if (ruleSetFailure is not null)
        {
            return (null, ruleSetFailure);
        }

        var (document, caseFailure) = await ReadCaseAsync(stored, cancellationToken);
        if (caseFailure is not null)
        {
            return (null, caseFailure);
        }

        var (evidenceDocument, evidenceSha256, evidenceFailure) = await ReadEvidenceAsync(stored, cancellationToken);
        if (evidenceFailure is not null)
        {
            return (null, evidenceFailure);
        }

        CompiledRuleSet compiled;
        try
        {
            compiled = engine.Compile(version!.Content);
        }
        catch (RuleSetException ex)
        {
            return (null, Failed(
                ReEvaluationChecks.RuleSetCompiles,
                "Rule set '{0}' version {1} no longer compiles: {2}",
                stored.RuleSetName,
                stored.RuleSetVersion,
                ex.Message));
        }

        var caseFile = document!.ToCaseFile();
        var evaluation = await engine.EvaluateAsync(compiled, caseFile, evidenceDocument.ToEvidenceFacts(), cancellationToken);
        if (!evaluation.Succeeded)
        {
            string errors = string.Join(" ", evaluation.Errors.Select(e => text["Rule {0}: {1}", e.RuleName, e.Message].Value));
            return (null, Failed(
                ReEvaluationChecks.Evaluation,
                "The rule set could not be evaluated for the stored case. {0}", errors));
        }

        // Which version decides is fixed by the decision itself, so its recorded selection is kept.
        // The dates come from the version's text, so that a selection that misstated them differs.
        var selection = storedSelection is null
            ? null
            : storedSelection with { AppliesFrom = compiled.Document.AppliesFrom, AppliesUntil = compiled.Document.AppliesUntil };
        var result = DecisionMapper.ToResult(caseFile, evaluation, evidenceSha256, selection);
        return (JsonSerializer.Serialize(result, DecisionJson.Storage), null);
    }

    private static RuleSetSelectionDto? StoredSelection(StoredDecision stored)
    {
        try
        {
            return JsonSerializer.Deserialize<DecisionResultDto>(stored.ResultJson, DecisionJson.Storage)?.RuleSetSelection;
        }
        catch (JsonException)
        {
            // A result that no longer reads shows up as differences in the comparison.
            return null;
        }
    }

    /// <summary>
    /// Loads the version the decision names and checks it against the SHA-256 the decision
    /// recorded, both the stored hash and the hash of the stored text, so that a version whose
    /// text was changed is never evaluated in place of the original.
    /// </summary>
    private async Task<(RuleSetVersion? Version, ReEvaluationCheckDto? Failure)> LoadRuleSetAsync(
        StoredDecision stored, CancellationToken cancellationToken)
    {
        var version = await ruleSets.GetVersionAsync(stored.RuleSetName, stored.RuleSetVersion, cancellationToken);
        if (version is null)
        {
            return (null, Failed(
                ReEvaluationChecks.RuleSetVersion,
                "Rule set '{0}' version {1}, which the decision names, is not stored.",
                stored.RuleSetName,
                stored.RuleSetVersion));
        }

        string textSha256 = RuleSetHash.Compute(version.Content);
        if (version.Sha256 != stored.RuleSetSha256 || textSha256 != stored.RuleSetSha256)
        {
            return (null, Failed(
                ReEvaluationChecks.RuleSetSha256,
                "The decision recorded SHA-256 {0} for rule set '{1}' version {2}, but the stored version records {3} "
                + "and its text hashes to {4}. The decision was not re-evaluated, because the text is not the one "
                + "it was decided with.",
                stored.RuleSetSha256, stored.RuleSetName, stored.RuleSetVersion, version.Sha256, textSha256));
        }

        return (version, null);
    }

    private async Task<(CaseDocument? Document, ReEvaluationCheckDto? Failure)> ReadCaseAsync(
        StoredDecision stored, CancellationToken cancellationToken)
    {
        CaseDocument? document;
        try
        {
            // Read as strictly as a submitted case, so that a member added to the stored text is reported.
            document = JsonSerializer.Deserialize<CaseDocument>(stored.CaseJson, EngineJson.Options);
        }
        catch (JsonException ex)
        {
            return (null, Failed(
                ReEvaluationChecks.Case,
                "The stored case cannot be read: {0}", ex.Message));
        }

        if (document is null)
        {
            return (null, Failed(
                ReEvaluationChecks.Case,
                "The stored case is JSON null."));
        }

        var validation = await validator.ValidateAsync(document, cancellationToken);
        if (!validation.IsValid)
        {
            string errors = string.Join(" ", validation.Errors.Select(e => e.ErrorMessage));
            return (null, Failed(
                ReEvaluationChecks.Case,
                "The stored case is not valid: {0}", errors));
        }

        return (document, null);
    }

    /// <summary>
    /// Reads the evidence record the decision used. Its SHA-256 is computed from the text read
    /// here, not taken from the record's stored hash, so an edited record shows up as a
    /// difference at <c>$.evidenceSha256</c>.
    /// </summary>
    private async Task<(EvidenceDocument? Document, string? Sha256, ReEvaluationCheckDto? Failure)> ReadEvidenceAsync(
        StoredDecision stored, CancellationToken cancellationToken)
    {
        if (stored.EvidenceId is null)
        {
            return (null, null, null);
        }

        var record = await evidence.GetAsync(stored.EvidenceId, cancellationToken);
        if (record is null)
        {
            return (null, null, Failed(
                ReEvaluationChecks.Evidence,
                "Evidence record '{0}', which the decision used, is not stored.", stored.EvidenceId));
        }

        try
        {
            return (EvidenceService.Parse(record), StorageFormat.Sha256Hex(record.Content), null);
        }
        catch (JsonException ex)
        {
            return (null, null, Failed(
                ReEvaluationChecks.Evidence,
                "Evidence record '{0}' cannot be read: {1}", stored.EvidenceId, ex.Message));
        }
    }

    /// <summary>Returns a failed check worded in the request's language, keeping the English wording for the log.</summary>
    private ReEvaluationCheckDto Failed(string check, string english, params object[] arguments) =>
        new(check, text[english, arguments])
        {
            MessageInEnglish = string.Format(CultureInfo.InvariantCulture, english, arguments),
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-evaluating decision {DecisionId} under {RuleSet} v{Version}")]
    private partial void LogStarted(string decisionId, string ruleSet, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision {DecisionId} re-evaluated: identical to the stored result")]
    private partial void LogIdentical(string decisionId);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Decision {DecisionId} re-evaluated: {DifferenceCount} value(s) differ from the stored result, first at {Paths}")]
    private partial void LogDifferent(string decisionId, int differenceCount, string paths);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Decision {DecisionId} not re-evaluated: check {Check} failed. {Message}")]
    private partial void LogCheckFailed(string decisionId, string check, string message);
}
