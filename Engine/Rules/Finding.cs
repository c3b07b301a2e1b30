using PolicyEngine.Engine.Cases;

namespace PolicyEngine.Engine.Rules;

/// <summary>What a fired rule establishes about one party.</summary>
public enum FindingEffect
{
    /// <summary>The party is liable towards the injured person, with the rule's weight.</summary>
    Liable,

    /// <summary>The injured person's own fault; the weight is the percentage of the damage they bear.</summary>
    ReduceRecovery,
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
    string Description);

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
