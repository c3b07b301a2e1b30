using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.RuleSets;

public enum ImpactOutcome
{
    Unchanged,

    /// <summary>At least one party's amount differs from the stored decision.</summary>
    Changed,

    /// <summary>The stored inputs could not be read, or a rule of the draft failed on them.</summary>
    Failed,

    /// <summary>The case's event date lies outside the draft's AppliesFrom to AppliesUntil, so the draft would not decide it.</summary>
    OutsidePeriod,
}

/// <summary>One party's amount in the stored decision and under the draft, in the decision's currency.</summary>
public sealed record PartyChange(string Party, decimal Before, decimal After)
{
    public decimal Difference => After - Before;
}

/// <summary>
/// One stored decision decided again under the draft. <see cref="Changes"/> lists the parties
/// whose amount differs; <see cref="Message"/> explains a failed or skipped decision.
/// </summary>
public sealed record ImpactItem(
    string DecisionId, string Reference, string Currency, ImpactOutcome Outcome, IReadOnlyList<PartyChange> Changes, string? Message);

/// <summary>The sum over the changed decisions of one party's amounts in one currency, before and under the draft.</summary>
public sealed record PartyTotal(string Party, string Currency, decimal Before, decimal After)
{
    public decimal Difference => After - Before;
}

/// <summary>
/// What publishing <see cref="Draft"/> would change: every decision made under
/// <see cref="Baseline"/>, the highest published version, decided again under the draft.
/// <see cref="Items"/> lists every decision that is not unchanged, in decision order.
/// </summary>
public sealed record ImpactPreview(
    RuleSetVersion Baseline,
    RuleSetVersion Draft,
    int Total,
    IReadOnlyList<ImpactItem> Items,
    IReadOnlyList<PartyTotal> PartyTotals)
{
    public int ChangedCount => Items.Count(i => i.Outcome == ImpactOutcome.Changed);

    public int FailedCount => Items.Count(i => i.Outcome == ImpactOutcome.Failed);

    public int OutsidePeriodCount => Items.Count(i => i.Outcome == ImpactOutcome.OutsidePeriod);

    public int UnchangedCount => Total - Items.Count;
}

/// <summary>The checked inputs of an impact preview, ready to run.</summary>
public sealed record ImpactPreviewPlan(RuleSetVersion Baseline, RuleSetVersion Draft, CompiledRuleSet Compiled);
