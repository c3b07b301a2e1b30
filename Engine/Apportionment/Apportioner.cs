using System.Globalization;
using System.Numerics;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Money;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Engine.Apportionment;

/// <summary>
/// Turns findings into shares of the damage: the injured person's own fault comes off the top,
/// liable parties split the rest by weight (or equally), and the amounts are rounded to the
/// currency's minor unit by the largest remainder method.
/// </summary>
public static class Apportioner
{
    private const int PercentDigits = 2;

    public static Apportionment Apportion(Damage damage, IReadOnlyList<Finding> findings, bool sharesDeterminable)
    {
        ArgumentNullException.ThrowIfNull(damage);
        ArgumentNullException.ThrowIfNull(findings);
        int digits = Currencies.MinorUnitDigits(damage.Currency);
        long units = ToMinorUnits(damage, digits);

        var resolved = FindingResolver.Resolve(findings);
        var liable = resolved.Liable.ToList();
        decimal ownFault = resolved.OwnFaultPercent;
        bool barred = resolved.RecoveryBarPercent is { } bar && ownFault >= bar && liable.Count > 0;
        var (defendantWeights, method) = barred
            ? ([], ApportionmentMethod.Barred)
            : WeighDefendants(liable, sharesDeterminable);
        var weights = PartyWeights(ownFault, defendantWeights);

        long[] amounts = LargestRemainder.Allocate(units, weights);
        long[] hundredths = LargestRemainder.Allocate(100 * Pow10(PercentDigits), weights);
        var shares = Parties.All
            .Select(party => new Share(
                party,
                FromMinorUnits(amounts[(int)party], digits),
                FromMinorUnits(hundredths[(int)party], PercentDigits),
                BasesOf(party, barred ? [] : liable, findings))
            {
                Findings = FindingsOf(party, barred ? [] : liable, findings, barred),
            })
            .ToList();

        string explanation = string.Join(' ', resolved.Adjustments.Append(Explain(method, ownFault, resolved.RecoveryBarPercent, liable.Count)));
        return new Apportionment(FromMinorUnits(units, digits), damage.Currency, shares, method, explanation)
        {
            JointAndSeveral = resolved.JointAndSeveral && !barred,
            Adjustments = resolved.Adjustments,
        };
    }

    /// <summary>Converts an amount to whole minor units, rejecting more decimals than the currency has.</summary>
    public static long ToMinorUnits(Damage damage, int digits)
    {
        if (damage.Amount < 0)
        {
            throw new ArgumentException($"The damage amount {damage.Amount} is negative.", nameof(damage));
        }

        if (!Currencies.FitsMinorUnit(damage.Amount, damage.Currency))
        {
            throw new ArgumentException(
                $"The damage amount {damage.Amount} has more than {digits} decimal places, the minor unit of {damage.Currency}.",
                nameof(damage));
        }

        return (long)(damage.Amount * Pow10(digits));
    }

    /// <summary>Converts minor units back to the major unit with exactly <paramref name="digits"/> decimals, so 0 EUR reads 0.00.</summary>
    private static decimal FromMinorUnits(long units, int digits) =>
        new((int)(units & 0xFFFFFFFF), (int)(units >> 32), 0, isNegative: false, (byte)digits);

    private static long Pow10(int digits)
    {
        long result = 1;
        for (int i = 0; i < digits; i++)
        {
            result *= 10;
        }

        return result;
    }

    /// <summary>Returns each liable defendant's summed weight, or 1 each when the split must be equal.</summary>
    private static (Dictionary<Party, decimal> Weights, ApportionmentMethod Method) WeighDefendants(
        List<Finding> liable, bool sharesDeterminable)
    {
        var parties = Parties.Defendants.Where(p => liable.Any(f => f.Party == p)).ToList();
        if (parties.Count == 0)
        {
            return ([], ApportionmentMethod.NoLiableParty);
        }

        var weights = parties.ToDictionary(p => p, p => liable.Where(f => f.Party == p).Select(f => f.Weight).ToList());
        bool allKnown = weights.Values.All(ws => ws.All(w => w is not null));
        decimal total = weights.Values.Sum(ws => ws.Sum(w => w ?? 0));
        if (!sharesDeterminable || !allKnown || total <= 0)
        {
            return (parties.ToDictionary(p => p, _ => 1m), ApportionmentMethod.Equal);
        }

        return (parties.ToDictionary(p => p, p => weights[p].Sum(w => w!.Value)), ApportionmentMethod.Proportional);
    }

    /// <summary>
    /// Returns integer weights for the four parties in tie-break order. With own fault f percent
    /// and defendant weights w_i summing to W, defendant i gets (100 - f) * w_i and the injured
    /// person f * W. These are the exact shares scaled by 100 * W, so no rounding happens before
    /// the split.
    /// </summary>
    private static BigInteger[] PartyWeights(decimal ownFault, Dictionary<Party, decimal> defendants)
    {
        var weights = new BigInteger[Parties.All.Count];
        if (defendants.Count == 0)
        {
            weights[(int)Party.InjuredPerson] = BigInteger.One;
            return weights;
        }

        int scale = Math.Max(ExactDecimal.Scale(ownFault), defendants.Values.Max(ExactDecimal.Scale));
        BigInteger fault = ExactDecimal.ToScaledInteger(ownFault, scale);
        BigInteger hundred = ExactDecimal.ToScaledInteger(100m, scale);
        BigInteger total = BigInteger.Zero;
        foreach (var (party, weight) in defendants)
        {
            BigInteger scaled = ExactDecimal.ToScaledInteger(weight, scale);
            weights[(int)party] = (hundred - fault) * scaled;
            total += scaled;
        }

        weights[(int)Party.InjuredPerson] = fault * total;
        return weights;
    }

    /// <summary>Returns the legal bases of the findings that make up a party's share: its liable findings, or the injured person's own fault.</summary>
    private static List<LegalBasis> BasesOf(Party party, IReadOnlyList<Finding> liable, IReadOnlyList<Finding> findings) =>
        (party == Party.InjuredPerson ? findings.Where(f => f.Effect == FindingEffect.ReduceRecovery) : liable.Where(f => f.Party == party))
            .Select(f => f.Basis).Distinct().ToList();

    /// <summary>
    /// Returns the names of the findings behind a party's share, in rule order: its liable findings
    /// (including those it took over by a role transfer), or for the injured person its own fault
    /// and, when barred, the bar.
    /// </summary>
    private static List<string> FindingsOf(Party party, IReadOnlyList<Finding> liable, IReadOnlyList<Finding> findings, bool barred) =>
        (party == Party.InjuredPerson
            ? findings.Where(f => f.Effect == FindingEffect.ReduceRecovery || (barred && f.Effect == FindingEffect.RecoveryBar))
            : liable.Where(f => f.Party == party))
            .Select(f => f.RuleName).ToList();

    private static string Explain(ApportionmentMethod method, decimal ownFaultPercent, decimal? barPercent, int liableFindings)
    {
        if (method == ApportionmentMethod.Barred)
        {
            return $"The injured person's own fault of {FindingResolver.Percent(ownFaultPercent)}% reaches the bar of "
                + $"{FindingResolver.Percent(barPercent!.Value)}%, so they recover nothing and the damage stays with them.";
        }

        string split = method switch
        {
            ApportionmentMethod.Proportional =>
                $"{liableFindings} finding(s) made parties liable; they share in proportion to their summed weights.",
            ApportionmentMethod.Equal =>
                $"{liableFindings} finding(s) made parties liable, but their weights cannot be determined, so they share equally.",
            _ => "No rule made the developer, the deployer or the user liable, so the damage stays with the injured person.",
        };

        return ownFaultPercent > 0 && method != ApportionmentMethod.NoLiableParty
            ? $"The injured person's own fault of {FindingResolver.Percent(ownFaultPercent)}% reduces what they recover. {split}"
            : split;
    }
}
