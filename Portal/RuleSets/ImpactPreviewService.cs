using System.Text.Json;
using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Decisions;
using PolicyEngine.Portal.Evidence;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.RuleSets;

/// <summary>
/// Decides the stored cases of every decision made under a rule set's highest published version
/// again under another version, usually a draft, and reports which outcomes would change and by
/// how much for each party. Nothing is stored.
/// </summary>
public sealed partial class ImpactPreviewService(
    RuleSetRepository ruleSets,
    RuleSetDraftRepository drafts,
    EvidenceRepository evidence,
    LiabilityEngine engine,
    IStringLocalizer<ImpactPreviewService> text,
    ILogger<ImpactPreviewService> logger)
{
    /// <summary>
    /// Checks that <paramref name="version"/> exists and compiles and that the rule set has another,
    /// published version to compare with. Returns the plan, or the status and message of the problem.
    /// </summary>
    public async Task<(ImpactPreviewPlan? Plan, EditStatus Status, string? Message)> PrepareAsync(
        string name, int version, CancellationToken cancellationToken)
    {
        var draft = await ruleSets.GetVersionAsync(name, version, cancellationToken);
        if (draft is null)
        {
            return (null, EditStatus.NotFound, text["Rule set '{0}' has no version {1}.", name, version]);
        }

        var baseline = await ruleSets.GetPublishedAsync(name, cancellationToken);
        if (baseline is null)
        {
            return (null, EditStatus.Conflict, text[
                "Rule set '{0}' has no published version, so no decision was made under it to compare with.", name]);
        }

        if (baseline.Version == version)
        {
            return (null, EditStatus.Conflict, text[
                "Version {0} is the published version that decisions are compared with. Preview a draft instead.", version]);
        }

        try
        {
            return (new ImpactPreviewPlan(baseline, draft, engine.Compile(draft.Content)), EditStatus.Done, null);
        }
        catch (RuleSetException ex)
        {
            return (null, EditStatus.Invalid, text["Version {0} does not compile, so it cannot be previewed: {1}", version, ex.Message]);
        }
    }

    /// <summary>
    /// Runs <paramref name="plan"/>, calling <paramref name="progress"/> with the decisions done and
    /// the total after each decision.
    /// </summary>
    public async Task<ImpactPreview> RunAsync(ImpactPreviewPlan plan, Action<int, int> progress, CancellationToken cancellationToken)
    {
        var inputs = await drafts.ListDecisionInputsAsync(plan.Baseline.RuleSetName, plan.Baseline.Version, cancellationToken);
        LogStarted(plan.Draft.RuleSetName, plan.Draft.Version, plan.Baseline.Version, inputs.Count);
        progress(0, inputs.Count);

        var items = new List<ImpactItem>();
        for (int i = 0; i < inputs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = await CompareAsync(plan.Compiled, inputs[i], cancellationToken);
            if (item.Outcome != ImpactOutcome.Unchanged)
            {
                items.Add(item);
            }

            progress(i + 1, inputs.Count);
        }

        var totals = items
            .Where(i => i.Outcome == ImpactOutcome.Changed)
            .SelectMany(i => i.Changes.Select(c => (i.Currency, Change: c)))
            .GroupBy(x => (x.Change.Party, x.Currency))
            .Select(g => new PartyTotal(g.Key.Party, g.Key.Currency, g.Sum(x => x.Change.Before), g.Sum(x => x.Change.After)))
            .OrderBy(t => t.Currency, StringComparer.Ordinal)
            .ThenBy(t => t.Party, StringComparer.Ordinal)
            .ToList();
        var preview = new ImpactPreview(plan.Baseline, plan.Draft, inputs.Count, items, totals);
        LogFinished(plan.Draft.RuleSetName, plan.Draft.Version, preview.Total, preview.ChangedCount, preview.FailedCount);
        return preview;
    }

    private async Task<ImpactItem> CompareAsync(CompiledRuleSet compiled, DecisionInputs stored, CancellationToken cancellationToken)
    {
        var storedResult = JsonSerializer.Deserialize<DecisionResultDto>(stored.ResultJson, DecisionJson.Storage);
        string currency = storedResult?.Damage.Currency ?? "";
        ImpactItem Failed(string message) => new(stored.Id, stored.Reference, currency, ImpactOutcome.Failed, [], message);

        CaseDocument? document;
        EvidenceDocument? evidenceDocument = null;
        try
        {
            document = JsonSerializer.Deserialize<CaseDocument>(stored.CaseJson, EngineJson.Options);
            if (stored.EvidenceId is not null && await evidence.GetAsync(stored.EvidenceId, cancellationToken) is { } record)
            {
                evidenceDocument = EvidenceService.Parse(record);
            }
        }
        catch (JsonException ex)
        {
            LogInputsUnreadable(ex, stored.Id);
            return Failed(text["The stored case or evidence cannot be read: {0}", ex.Message]);
        }

        if (document?.EventDate is not { } eventDate || storedResult is null)
        {
            return Failed(text["The stored case has no event date, or the stored result is empty."]);
        }

        if (!compiled.Document.Period.Contains(eventDate))
        {
            return new ImpactItem(stored.Id, stored.Reference, currency, ImpactOutcome.OutsidePeriod, [],
                text["The event date {0} is outside the days on which the draft applies ({1}).",
                    ApplicationPeriod.Format(eventDate), compiled.Document.Period.Describe()]);
        }

        var evaluation = await engine.EvaluateAsync(compiled, document.ToCaseFile(), evidenceDocument.ToEvidenceFacts(), cancellationToken);
        if (!evaluation.Succeeded)
        {
            return Failed(string.Join(" ", evaluation.Errors.Select(e => text["Rule {0} failed: {1}", e.RuleName, e.Message].Value)));
        }

        var before = storedResult.Shares.ToDictionary(s => s.Party, s => s.Amount, StringComparer.Ordinal);
        var after = evaluation.Apportionment!.Shares.ToDictionary(s => s.Party.ToName(), s => s.Amount, StringComparer.Ordinal);
        var changes = before.Keys.Union(after.Keys)
            .Select(party => new PartyChange(party, before.GetValueOrDefault(party), after.GetValueOrDefault(party)))
            .Where(c => c.Before != c.After)
            .ToList();
        return new ImpactItem(
            stored.Id, stored.Reference, currency, changes.Count == 0 ? ImpactOutcome.Unchanged : ImpactOutcome.Changed, changes, null);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Impact preview of {RuleSet} v{Version} against v{BaselineVersion}: {DecisionCount} decision(s) to decide again")]
    private partial void LogStarted(string ruleSet, int version, int baselineVersion, int decisionCount);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Impact preview of {RuleSet} v{Version} finished: {Total} decision(s), {Changed} changed, {Failed} failed")]
    private partial void LogFinished(string ruleSet, int version, int total, int changed, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Impact preview could not read the inputs of decision {DecisionId}")]
    private partial void LogInputsUnreadable(Exception exception, string decisionId);
}
