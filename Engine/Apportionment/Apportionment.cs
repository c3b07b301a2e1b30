using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Engine.Apportionment;

/// <summary>
/// One party's part of the damage. <see cref="Amount"/> is in the currency's major unit and
/// <see cref="Percent"/> runs from 0 to 100; <see cref="Basis"/> lists the distinct legal
/// bases of the party's findings in rule order.
/// </summary>
public sealed record Share(Party Party, decimal Amount, decimal Percent, IReadOnlyList<LegalBasis> Basis)
{
    /// <summary>Names of the rules whose findings make up this share, in rule order.</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];
}

/// <summary>
/// How the damage is split. <see cref="Shares"/> always contains the four parties in tie-break
/// order and their amounts sum exactly to <see cref="Damage"/>; so do the percents to 100.
/// </summary>
public sealed record Apportionment(
    decimal Damage,
    string Currency,
    IReadOnlyList<Share> Shares,
    ApportionmentMethod Method,
    string Explanation)
{
    /// <summary>
    /// Whether the liable parties are jointly and severally liable: the injured person may claim
    /// the whole recoverable amount from any one of them, and <see cref="Shares"/> are then the
    /// internal shares for recourse between them.
    /// </summary>
    public bool JointAndSeveral { get; init; }

    /// <summary>Role transfers, defences and contract clauses applied before the split, one sentence each.</summary>
    public IReadOnlyList<string> Adjustments { get; init; } = [];
}

public enum ApportionmentMethod
{
    /// <summary>Liable parties share in proportion to their summed weights.</summary>
    Proportional,

    /// <summary>No weight could be determined for some liable party, so all liable parties share equally.</summary>
    Equal,

    /// <summary>No party is liable: the whole damage stays with the injured person.</summary>
    NoLiableParty,

    /// <summary>The injured person's own fault reached the rule set's recovery bar: they recover nothing.</summary>
    Barred,
}

public static class ApportionmentMethods
{
    /// <summary>Every method name, in the order of <see cref="ApportionmentMethod"/>.</summary>
    public static IReadOnlyList<string> AllNames { get; } =
        Enum.GetValues<ApportionmentMethod>().Select(ToName).ToList();

    /// <summary>Returns the name used in decisions and scenario files: proportional, equal, no-liable-party or barred.</summary>
    public static string ToName(this ApportionmentMethod method) => method switch
    {
        ApportionmentMethod.Proportional => "proportional",
        ApportionmentMethod.Equal => "equal",
        ApportionmentMethod.NoLiableParty => "no-liable-party",
        ApportionmentMethod.Barred => "barred",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown apportionment method."),
    };

    public static bool TryParse(string? name, out ApportionmentMethod method)
    {
        foreach (var candidate in Enum.GetValues<ApportionmentMethod>())
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.Ordinal))
            {
                method = candidate;
                return true;
            }
        }

        method = default;
        return false;
    }
}
