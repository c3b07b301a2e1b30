using System.Globalization;
using FluentValidation;
using PolicyEngine.Engine.Money;

namespace PolicyEngine.Engine.Documents;

/// <summary>
/// Checks a submitted case before it reaches the rules. Error property names are the JSON
/// paths of the fields (<c>damage.amount</c>), so that the API and the portal form can put
/// each message beside its field.
/// </summary>
public sealed class CaseDocumentValidator : AbstractValidator<CaseDocument>
{
    public const int MaxReferenceLength = 200;

    /// <summary>Largest accepted damage, in the major unit; keeps minor-unit arithmetic inside 64 bits.</summary>
    public const decimal MaxDamage = 1_000_000_000_000m;

    /// <summary>Earliest and latest accepted dates: wide bounds that catch a mistyped year.</summary>
    public static readonly DateOnly EarliestDate = new(1950, 1, 1);
    public static readonly DateOnly LatestDate = new(2199, 12, 31);

    /// <summary>Stored evidence ids: "ev-" and 32 lower-case hex digits.</summary>
    public const string EvidenceIdPattern = "^ev-[0-9a-f]{32}$";

    public static readonly IReadOnlyList<string> DamageKinds = ["personal-injury", "property", "data", "economic"];

    public CaseDocumentValidator()
    {
        RuleFor(c => c.Reference)
            .NotEmpty().WithMessage("reference is required: give the case reference used by whoever submits it.")
            .MaximumLength(MaxReferenceLength).WithMessage($"reference is longer than {MaxReferenceLength} characters.")
            .Must(r => r is null || !r.Any(IsInvisibleControl))
            .WithMessage("reference must not contain control or formatting characters (such as U+202E); use visible text.")
            .Must(r => r is null || r.Any(c => !char.IsWhiteSpace(c)))
            .WithMessage("reference must contain at least one visible character.")
            .OverridePropertyName("reference");
        RuleFor(c => c.EventDate)
            .NotNull().WithMessage("eventDate is required, as YYYY-MM-DD.")
            .InclusiveBetween(EarliestDate, LatestDate)
            .WithMessage(c => $"eventDate {c.EventDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is outside "
                + $"{EarliestDate:yyyy-MM-dd} to {LatestDate:yyyy-MM-dd}; check the year.")
            .OverridePropertyName("eventDate");
        RuleFor(c => c.RuleSet)
            .NotEmpty().WithMessage("ruleSet is required: name the rule set to apply, for example \"eu\".")
            .Matches(Rules.RuleSetParser.NamePattern).WithMessage(
                "ruleSet '{PropertyValue}' is not a rule-set name: use lower-case letters, digits and hyphens, for example \"eu\".")
            .OverridePropertyName("ruleSet");
        RuleFor(c => c.RuleSetVersion)
            .GreaterThanOrEqualTo(1).WithMessage(
                "ruleSetVersion {PropertyValue} is not a version number: versions count from 1. "
                + "Leave it out to use the version in force on the event date.")
            .OverridePropertyName("ruleSetVersion");
        RuleFor(c => c.Damage)
            .NotNull().WithMessage("damage is required, with amount, currency and kind.")
            .OverridePropertyName("damage");
        When(c => c.Damage is not null, () => AddDamageRules());
        When(c => c.Developer is not null, () =>
        {
            Probability(c => c.Developer!.DeclaredAccuracy, "developer.declaredAccuracy");
            Percent(c => c.Developer!.FaultPercent, "developer.faultPercent");
        });
        When(c => c.Deployer is not null, () => Percent(c => c.Deployer!.FaultPercent, "deployer.faultPercent"));
        When(c => c.User is not null, () => Percent(c => c.User!.FaultPercent, "user.faultPercent"));
        When(c => c.InjuredPerson is not null, () => Percent(c => c.InjuredPerson!.FaultPercent, "injuredPerson.faultPercent"));
        When(c => c.Causation is not null, () =>
        {
            Percent(c => c.Causation!.DeveloperContribution, "causation.developerContribution");
            Percent(c => c.Causation!.DeployerContribution, "causation.deployerContribution");
            Percent(c => c.Causation!.UserContribution, "causation.userContribution");
        });
        When(c => c.Evidence is not null, () => AddEvidenceRules());
        RuleFor(c => c.EvidenceId)
            .Matches(EvidenceIdPattern)
            .WithMessage("evidenceId '{PropertyValue}' is not an evidence id; ids look like ev- followed by 32 hex digits.")
            .Must((c, id) => id is null || c.Evidence is null)
            .WithMessage("Give either evidence inline or evidenceId, not both.")
            .OverridePropertyName("evidenceId");
    }

    private void AddDamageRules()
    {
        RuleFor(c => c.Damage!.Amount)
            .NotNull().WithMessage("damage.amount is required: a number of 0 or more in the currency's major unit.")
            .GreaterThanOrEqualTo(0).WithMessage("damage.amount must be 0 or more; got {PropertyValue}.")
            .LessThanOrEqualTo(MaxDamage).WithMessage($"damage.amount must be at most {MaxDamage:0}; got {{PropertyValue}}.")
            .OverridePropertyName("damage.amount");
        RuleFor(c => c.Damage!.Currency)
            .NotEmpty().WithMessage("damage.currency is required: an ISO 4217 code such as EUR.")
            .Must(Currencies.IsKnown).When(c => !string.IsNullOrEmpty(c.Damage!.Currency), ApplyConditionTo.CurrentValidator)
            .WithMessage("damage.currency '{PropertyValue}' is not an ISO 4217 currency code; use an upper-case code such as EUR, USD or CNY.")
            .OverridePropertyName("damage.currency");
        RuleFor(c => c.Damage!)
            .Must(damage => Currencies.FitsMinorUnit(damage.Amount!.Value, damage.Currency!))
            .When(c => c.Damage!.Amount is not null && Currencies.IsKnown(c.Damage.Currency))
            .WithMessage(c => $"damage.amount {c.Damage!.Amount} has more decimal places than {c.Damage.Currency} has " +
                $"({Currencies.MinorUnitDigits(c.Damage.Currency!)}); round it to the currency's minor unit.")
            .OverridePropertyName("damage.amount");
        RuleFor(c => c.Damage!.Kind)
            .NotEmpty().WithMessage($"damage.kind is required: one of {string.Join(", ", DamageKinds)}.")
            .Must(k => DamageKinds.Contains(k!)).When(c => !string.IsNullOrEmpty(c.Damage!.Kind), ApplyConditionTo.CurrentValidator)
            .WithMessage($"damage.kind '{{PropertyValue}}' is not known; use one of {string.Join(", ", DamageKinds)}.")
            .OverridePropertyName("damage.kind");
    }

    private void AddEvidenceRules()
    {
        RuleFor(c => c.Evidence!).Custom(new EvidenceDocumentValidator("evidence.").AddFailuresTo);
    }

    private void Probability(System.Linq.Expressions.Expression<Func<CaseDocument, double?>> field, string name, bool required = false)
    {
        if (required)
        {
            RuleFor(field).NotNull().WithMessage($"{name} is required: a probability from 0 to 1.").OverridePropertyName(name);
        }

        RuleFor(field)
            .InclusiveBetween(0, 1).WithMessage($"{name} must be a probability from 0 to 1; got {{PropertyValue}}.")
            .OverridePropertyName(name);
    }

    private void Percent(System.Linq.Expressions.Expression<Func<CaseDocument, decimal?>> field, string name)
    {
        RuleFor(field)
            .InclusiveBetween(0, 100).WithMessage($"{name} must be a percentage from 0 to 100; got {{PropertyValue}}.")
            .OverridePropertyName(name);
    }

    /// <summary>
    /// Control characters and Unicode format characters (category Cf: bidirectional overrides,
    /// zero-width spaces, byte-order marks) change how a reference displays without being seen.
    /// </summary>
    private static bool IsInvisibleControl(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
