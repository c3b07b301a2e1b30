using PolicyEngine.Engine.Cases;

namespace PolicyEngine.Engine.Rules;

/// <summary>What a fired rule establishes about one party.</summary>
public enum FindingEffect
{
    /// <summary>The party is liable towards the injured person, with the rule's weight.</summary>
    Liable,

    /// <summary>The injured person's own fault; the weight is the percentage of the damage they bear.</summary>
    ReduceRecovery,

    /// <summary>A defence clears the party: its liable findings are set aside (a development-risk defence, for example).</summary>
    Exonerate,

    /// <summary>The party takes over the role of <see cref="Finding.TransferFrom"/>: that party's liable findings count against it.</summary>
    TransferRole,

    /// <summary>A contract clause excludes the party's liability towards the injured person, unless the law voids it.</summary>
    ExclusionClause,

    /// <summary>The law voids clauses that exclude the party's liability, so its exclusion-clause findings have no effect.</summary>
    VoidClause,

    /// <summary>The liable parties are jointly and severally liable; shares remain as internal shares for recourse.</summary>
    JointAndSeveral,

    /// <summary>
    /// Modified comparative fault: the injured person recovers nothing when their own fault, as a
    /// percentage of all fault, is at least the weight (51 for a 51% bar).
    /// </summary>
    RecoveryBar,
}

/// <summary>The legal ground of a finding.</summary>
public enum LegalBasis
{
    Fault,
    StrictProductLiability,
    Contract,
    StatutoryDuty,
}

/// <summary>The provision of law a rule implements.</summary>
public sealed record Citation(string Instrument, string Article, string? Url);

/// <summary>
/// The result of one fired rule. <see cref="Weight"/> is null when the rule could not
/// determine one; liable parties then share equally.
/// </summary>
public sealed record Finding(
    string RuleName,
    Party Party,
    FindingEffect Effect,
    LegalBasis Basis,
    decimal? Weight,
    Citation Citation,
    string Description)
{
    /// <summary>For <see cref="FindingEffect.TransferRole"/>: the party whose role <see cref="Party"/> takes over.</summary>
    public Party? TransferFrom { get; init; }
}

public static class FindingEffects
{
    private static readonly Dictionary<FindingEffect, string> Names = new()
    {
        [FindingEffect.Liable] = "liable",
        [FindingEffect.ReduceRecovery] = "reduce-recovery",
        [FindingEffect.Exonerate] = "exonerate",
        [FindingEffect.TransferRole] = "transfer-role",
        [FindingEffect.ExclusionClause] = "exclusion-clause",
        [FindingEffect.VoidClause] = "void-clause",
        [FindingEffect.JointAndSeveral] = "joint-and-several",
        [FindingEffect.RecoveryBar] = "recovery-bar",
    };

    /// <summary>Every effect name a rule set may use.</summary>
    public static IReadOnlyCollection<string> AllNames => Names.Values;

    public static string ToName(this FindingEffect effect) => Names[effect];

    public static bool TryParse(string? name, out FindingEffect effect)
    {
        foreach (var (candidate, candidateName) in Names)
        {
            if (candidateName == name)
            {
                effect = candidate;
                return true;
            }
        }

        effect = default;
        return false;
    }
}

public static class LegalBases
{
    public static string ToName(this LegalBasis basis) => basis switch
    {
        LegalBasis.Fault => "fault",
        LegalBasis.StrictProductLiability => "strict-product-liability",
        LegalBasis.Contract => "contract",
        LegalBasis.StatutoryDuty => "statutory-duty",
        _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, "Unknown legal basis."),
    };

    public static bool TryParse(string? name, out LegalBasis basis)
    {
        foreach (var candidate in Enum.GetValues<LegalBasis>())
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.Ordinal))
            {
                basis = candidate;
                return true;
            }
        }

        basis = default;
        return false;
    }
}
