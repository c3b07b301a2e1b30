using System.Text.Json;
using PolicyEngine.Engine.Apportionment;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Engine.Rules.Tracing;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Decisions;

internal static class DecisionMapper
{
    public static DecisionResultDto ToResult(
        CaseFile caseFile, Evaluation evaluation, string? evidenceSha256, RuleSetSelectionDto? ruleSetSelection)
    {
        var apportionment = evaluation.Apportionment
            ?? throw new InvalidOperationException("Only a successful evaluation has a result to store.");
        var shares = apportionment.Shares
            .Select(s => new ShareDto(s.Party.ToName(), s.Amount, s.Percent, s.Basis.Select(b => b.ToName()).ToList()) { Findings = s.Findings })
            .ToList();
        var readsByRule = evaluation.Outcomes.ToDictionary(o => o.RuleName, o => ToDto(o.Reads), StringComparer.Ordinal);
        var findings = evaluation.Findings
            .Select(f => new FindingDto(
                f.RuleName,
                f.Party.ToName(),
                f.Effect.ToName(),
                f.Basis.ToName(),
                f.Weight,
                f.Description,
                new CitationDto(f.Citation.Instrument, f.Citation.Article, f.Citation.Url))
            {
                From = f.TransferFrom?.ToName(),
                Reads = readsByRule[f.RuleName],
            })
            .ToList();
        var rules = evaluation.Outcomes.Select(ToDto).ToList();
        var damage = new DamageDto(apportionment.Damage, caseFile.Damage.Currency, KindName(caseFile.Damage.Kind));

        return new DecisionResultDto(evidenceSha256, damage, shares, apportionment.Method.ToName(), apportionment.Explanation, findings, rules)
        {
            JointAndSeveral = apportionment.JointAndSeveral,
            Adjustments = apportionment.Adjustments,
            Complete = evaluation.Complete,
            MissingInputs = evaluation.MissingInputs,
            RuleSetSelection = ruleSetSelection,
        };
    }

    private static RuleOutcomeDto ToDto(RuleOutcome outcome) => new(outcome.RuleName, outcome.Fired)
    {
        Outcome = OutcomeName(outcome.Status),
        Reads = ToDto(outcome.Reads),
        MissingInputs = outcome.MissingInputs.Count == 0 ? null : outcome.MissingInputs,
        Children = outcome.Children.Count == 0 ? null : outcome.Children.Select(ToDto).ToList(),
    };

    private static List<InputReadDto> ToDto(IReadOnlyList<InputRead> reads) => reads.Select(r => new InputReadDto(r.Name, r.Value)).ToList();

    private static string OutcomeName(RuleStatus status) => status switch
    {
        RuleStatus.Fired => "fired",
        RuleStatus.NotFired => "not-fired",
        RuleStatus.MissingInput => "missing-input",
        _ => "error",
    };

    /// <summary>Returns the rule-set version a stored decision names, with why it was chosen when that was recorded.</summary>
    public static RuleSetRefDto ToRuleSetRef(StoredDecision stored, RuleSetSelectionDto? selection) =>
        new(stored.RuleSetName, stored.RuleSetVersion, stored.RuleSetSha256)
        {
            AppliesFrom = selection?.AppliesFrom,
            AppliesUntil = selection?.AppliesUntil,
            SelectedBy = selection?.SelectedBy,
            Reason = selection?.Reason,
        };

    public static DecisionDto ToDto(StoredDecision stored, DecisionResultDto result, JsonElement? evidence)
    {
        using var caseJson = JsonDocument.Parse(stored.CaseJson);
        return new DecisionDto(
            stored.Id,
            stored.Sequence,
            stored.CreatedAt,
            stored.Reference,
            ToRuleSetRef(stored, result.RuleSetSelection),
            stored.EvidenceId,
            result.EvidenceSha256,
            result.Damage,
            result.Shares,
            result.Method,
            result.JointAndSeveral,
            result.Adjustments,
            result.Explanation,
            result.Findings,
            result.Rules,
            caseJson.RootElement.Clone(),
            evidence,
            stored.PreviousHash,
            stored.ContentHash)
        {
            Complete = result.Complete,
            MissingInputs = result.MissingInputs,
        };
    }

    private static string KindName(DamageKind kind) => kind switch
    {
        DamageKind.PersonalInjury => "personal-injury",
        DamageKind.Property => "property",
        DamageKind.Data => "data",
        _ => "economic",
    };
}
