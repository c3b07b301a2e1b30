using System.Text.Json;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Decisions;

internal static class DecisionMapper
{
    public static DecisionResultDto ToResult(
        CaseFile caseFile, Evaluation evaluation, string? evidenceSha256, RuleSetSelectionDto ruleSetSelection)
    {
        var apportionment = evaluation.Apportionment
            ?? throw new InvalidOperationException("Only a successful evaluation has a result to store.");
        var shares = apportionment.Shares
            .Select(s => new ShareDto(s.Party.ToName(), s.Amount, s.Percent, s.Basis.Select(b => b.ToName()).ToList()))
            .ToList();
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
            })
            .ToList();
        var rules = evaluation.Outcomes.Select(o => new RuleOutcomeDto(o.RuleName, o.Fired)).ToList();
        var damage = new DamageDto(apportionment.Damage, caseFile.Damage.Currency, KindName(caseFile.Damage.Kind));

        return new DecisionResultDto(evidenceSha256, damage, shares, MethodName(apportionment.Method), apportionment.Explanation, findings, rules)
        {
            JointAndSeveral = apportionment.JointAndSeveral,
            Adjustments = apportionment.Adjustments,
            RuleSetSelection = ruleSetSelection,
        };
    }

    public static DecisionDto ToDto(StoredDecision stored, DecisionResultDto result, JsonElement? evidence)
    {
        using var caseJson = JsonDocument.Parse(stored.CaseJson);
        return new DecisionDto(
            stored.Id,
            stored.Sequence,
            stored.CreatedAt,
            stored.Reference,
            new RuleSetRefDto(stored.RuleSetName, stored.RuleSetVersion, stored.RuleSetSha256)
            {
                AppliesFrom = result.RuleSetSelection?.AppliesFrom,
                AppliesUntil = result.RuleSetSelection?.AppliesUntil,
                SelectedBy = result.RuleSetSelection?.SelectedBy,
                Reason = result.RuleSetSelection?.Reason,
            },
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
            stored.ContentHash);
    }

    private static string KindName(DamageKind kind) => kind switch
    {
        DamageKind.PersonalInjury => "personal-injury",
        DamageKind.Property => "property",
        DamageKind.Data => "data",
        _ => "economic",
    };

    private static string MethodName(Engine.Apportionment.ApportionmentMethod method) => method switch
    {
        Engine.Apportionment.ApportionmentMethod.Proportional => "proportional",
        Engine.Apportionment.ApportionmentMethod.Equal => "equal",
        Engine.Apportionment.ApportionmentMethod.Barred => "barred",
        _ => "no-liable-party",
    };
}
