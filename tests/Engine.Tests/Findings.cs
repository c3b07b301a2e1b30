using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Engine.Tests;

/// <summary>Builds findings for apportionment tests without a rule set.</summary>
internal static class Findings
{
    private static readonly Citation TestCitation = new("Test instrument", "Art. 1", null);

    public static Finding Liable(Party party, decimal? weight, LegalBasis basis = LegalBasis.Fault) =>
        new($"{party}Liable", party, FindingEffect.Liable, basis, weight, TestCitation, "test finding");

    public static Finding Effect(Party party, FindingEffect effect, decimal? weight = null, string? rule = null) =>
        new(rule ?? $"{party}{effect}", party, effect, LegalBasis.StrictProductLiability, weight, TestCitation, "test finding");

    public static Finding Transfer(Party to, Party from) =>
        Effect(to, FindingEffect.TransferRole) with { TransferFrom = from };

    public static Finding OwnFault(decimal percent) =>
        new("OwnFault", Party.InjuredPerson, FindingEffect.ReduceRecovery, LegalBasis.Fault, percent, TestCitation, "test finding");
}
