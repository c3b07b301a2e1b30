using System.Globalization;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Engine.Apportionment;

/// <summary>
/// The findings that decide the split once role transfers, defences and contract clauses have
/// been applied, with one plain sentence per change for the explanation.
/// </summary>
internal sealed record ResolvedFindings(
    IReadOnlyList<Finding> Liable,
    decimal OwnFaultPercent,
    decimal? RecoveryBarPercent,
    bool JointAndSeveral,
    IReadOnlyList<string> Adjustments);

/// <summary>
/// Applies the findings that remove a party or a claim, before any split. Role transfers come
/// first, so the receiving party becomes liable for the other's liable findings. Voided exclusion
/// clauses come next. Last, an exclusion clause that remains sets all of its party's findings
/// aside. A defence (exonerate) sets aside only its party's findings on the defence's own legal
/// basis, so a defence under product liability law leaves a breach of a statutory duty standing.
/// </summary>
internal static class FindingResolver
{
    public static ResolvedFindings Resolve(IReadOnlyList<Finding> findings)
    {
        var adjustments = new List<string>();
        var liable = ApplyTransfers(findings, adjustments);
        var excluded = ExcludedParties(findings, adjustments);
        var defences = findings.Where(f => f.Effect == FindingEffect.Exonerate).ToList();
        bool IsSetAside(Finding f) =>
            excluded.Contains(f.Party) || defences.Exists(d => d.Party == f.Party && d.Basis == f.Basis);

        foreach (var defence in defences)
        {
            adjustments.Add(
                $"{defence.RuleName}: the {defence.Party.ToName()} is exonerated from liability on the basis {defence.Basis.ToName()} "
                + $"({defence.Citation.Instrument}, {defence.Citation.Article}).");
        }

        foreach (var party in Parties.All.Where(p => liable.Any(f => f.Party == p && IsSetAside(f))))
        {
            int count = liable.Count(f => f.Party == party && IsSetAside(f));
            adjustments.Add($"{count} finding(s) against the {party.ToName()} are set aside.");
        }

        liable = liable.Where(f => !IsSetAside(f)).ToList();
        decimal ownFault = Math.Clamp(findings.Where(f => f.Effect == FindingEffect.ReduceRecovery).Sum(f => f.Weight ?? 0), 0, 100);
        decimal? bar = findings.Where(f => f.Effect == FindingEffect.RecoveryBar).Select(f => f.Weight).Min();
        bool joint = findings.Any(f => f.Effect == FindingEffect.JointAndSeveral)
            && liable.Select(f => f.Party).Distinct().Count() >= 2;
        return new ResolvedFindings(liable, ownFault, bar, joint, adjustments);
    }

    /// <summary>Re-attributes liable findings of a party whose role another took over; the first transfer rule wins.</summary>
    private static List<Finding> ApplyTransfers(IReadOnlyList<Finding> findings, List<string> adjustments)
    {
        var takers = new Dictionary<Party, Finding>();
        foreach (var transfer in findings.Where(f => f.Effect == FindingEffect.TransferRole && f.TransferFrom is not null))
        {
            if (takers.TryAdd(transfer.TransferFrom!.Value, transfer))
            {
                adjustments.Add(
                    $"{transfer.RuleName}: the {transfer.Party.ToName()} takes over the role of the {transfer.TransferFrom.Value.ToName()} "
                    + $"({transfer.Citation.Instrument}, {transfer.Citation.Article}).");
            }
        }

        return findings
            .Where(f => f.Effect == FindingEffect.Liable)
            .Select(f => takers.TryGetValue(f.Party, out var taker) ? f with { Party = taker.Party } : f)
            .ToList();
    }

    /// <summary>Returns the parties whose liability a contract clause excludes and the law does not void.</summary>
    private static HashSet<Party> ExcludedParties(IReadOnlyList<Finding> findings, List<string> adjustments)
    {
        var voiding = findings.Where(f => f.Effect == FindingEffect.VoidClause).GroupBy(f => f.Party).ToDictionary(g => g.Key, g => g.First());
        var excluded = new HashSet<Party>();
        foreach (var clause in findings.Where(f => f.Effect == FindingEffect.ExclusionClause))
        {
            if (voiding.TryGetValue(clause.Party, out var voider))
            {
                adjustments.Add(
                    $"{voider.RuleName}: the clause excluding the {clause.Party.ToName()}'s liability ({clause.RuleName}) is void "
                    + $"({voider.Citation.Instrument}, {voider.Citation.Article}).");
            }
            else
            {
                adjustments.Add($"{clause.RuleName}: a contract clause excludes the {clause.Party.ToName()}'s liability.");
                excluded.Add(clause.Party);
            }
        }

        return excluded;
    }

    public static string Percent(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
