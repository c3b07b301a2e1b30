using System.Globalization;
using FluentValidation;
using PolicyEngine.Engine.Localization;
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
            .NotEmpty().WithMessage(_ => EngineText.Get("reference is required: give the case reference used by whoever submits it."))
            .MaximumLength(MaxReferenceLength)
            .WithMessage(_ => EngineText.Format("reference is longer than {0} characters.", MaxReferenceLength))
            .Must(r => r is null || !r.Any(IsInvisibleControl))
            .WithMessage(_ => EngineText.Get("reference must not contain control or formatting characters (such as U+202E); use visible text."))
            .Must(r => r is null || r.Any(c => !char.IsWhiteSpace(c)))
            .WithMessage(_ => EngineText.Get("reference must contain at least one visible character."))
            .OverridePropertyName("reference");
        RuleFor(c => c.EventDate)
            .NotNull().WithMessage(_ => EngineText.Get("eventDate is required, as YYYY-MM-DD."))
            .InclusiveBetween(EarliestDate, LatestDate)
            .WithMessage(c => EngineText.Format(
                "eventDate {0:yyyy-MM-dd} is outside {1:yyyy-MM-dd} to {2:yyyy-MM-dd}; check the year.",
                c.EventDate!.Value, EarliestDate, LatestDate))
            .OverridePropertyName("eventDate");
        RuleFor(c => c.RuleSet)
            .NotEmpty().WithMessage(_ => EngineText.Get("ruleSet is required: name the rule set to apply, for example \"eu\"."))
            .Matches(Rules.RuleSetParser.NamePattern).WithMessage(_ => EngineText.Get(
                "ruleSet '{PropertyValue}' is not a rule-set name: use lower-case letters, digits and hyphens, for example \"eu\"."))
            .OverridePropertyName("ruleSet");
        RuleFor(c => c.RuleSetVersion)
            .GreaterThanOrEqualTo(1).WithMessage(_ => EngineText.Get(
                "ruleSetVersion {PropertyValue} is not a version number: versions count from 1. "
                + "Leave it out to use the version in force on the event date."))
            .OverridePropertyName("ruleSetVersion");
        RuleFor(c => c.Damage)
            .NotNull().WithMessage(_ => EngineText.Get("damage is required, with amount, currency and kind."))
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
            .WithMessage(_ => EngineText.Get("evidenceId '{PropertyValue}' is not an evidence id; ids look like ev- followed by 32 hex digits."))
            .Must((c, id) => id is null || c.Evidence is null)
            .WithMessage(_ => EngineText.Get("Give either evidence inline or evidenceId, not both."))
            .OverridePropertyName("evidenceId");
    }

    private void AddDamageRules()
    {
        RuleFor(c => c.Damage!.Amount)
            .NotNull().WithMessage(_ => EngineText.Get("damage.amount is required: a number of 0 or more in the currency's major unit."))
            .GreaterThanOrEqualTo(0).WithMessage(_ => EngineText.Get("damage.amount must be 0 or more; got {PropertyValue}."))
            .LessThanOrEqualTo(MaxDamage)
            .WithMessage(_ => EngineText.Format("damage.amount must be at most {0:0}; got {{PropertyValue}}.", MaxDamage))
            .OverridePropertyName("damage.amount");
        RuleFor(c => c.Damage!.Currency)
            .NotEmpty().WithMessage(_ => EngineText.Get("damage.currency is required: an ISO 4217 code such as EUR."))
            .Must(Currencies.IsKnown).When(c => !string.IsNullOrEmpty(c.Damage!.Currency), ApplyConditionTo.CurrentValidator)
            .WithMessage(_ => EngineText.Get(
                "damage.currency '{PropertyValue}' is not an ISO 4217 currency code; use an upper-case code such as EUR, USD or CNY."))
            .OverridePropertyName("damage.currency");
        RuleFor(c => c.Damage!)
            .Must(damage => Currencies.FitsMinorUnit(damage.Amount!.Value, damage.Currency!))
            .When(c => c.Damage!.Amount is not null && Currencies.IsKnown(c.Damage.Currency))
            .WithMessage(c => EngineText.Format(
                "damage.amount {0} has more decimal places than {1} has ({2}); round it to the currency's minor unit.",
                c.Damage!.Amount, c.Damage.Currency, Currencies.MinorUnitDigits(c.Damage.Currency!)))
            .OverridePropertyName("damage.amount");
        RuleFor(c => c.Damage!.Kind)
            .NotEmpty().WithMessage(_ => EngineText.Format("damage.kind is required: one of {0}.", string.Join(", ", DamageKinds)))
            .Must(k => DamageKinds.Contains(k!)).When(c => !string.IsNullOrEmpty(c.Damage!.Kind), ApplyConditionTo.CurrentValidator)
            .WithMessage(_ => EngineText.Format("damage.kind '{{PropertyValue}}' is not known; use one of {0}.", string.Join(", ", DamageKinds)))
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
            RuleFor(field).NotNull()
                .WithMessage(_ => EngineText.Format("{0} is required: a probability from 0 to 1.", name))
                .OverridePropertyName(name);
        }

        RuleFor(field)
            .InclusiveBetween(0, 1)
            .WithMessage(_ => EngineText.Format("{0} must be a probability from 0 to 1; got {{PropertyValue}}.", name))
            .OverridePropertyName(name);
    }

    private void Percent(System.Linq.Expressions.Expression<Func<CaseDocument, decimal?>> field, string name)
    {
        RuleFor(field)
            .InclusiveBetween(0, 100)
            .WithMessage(_ => EngineText.Format("{0} must be a percentage from 0 to 100; got {{PropertyValue}}.", name))
            .OverridePropertyName(name);
    }

    /// <summary>
    /// Control characters and Unicode format characters (category Cf: bidirectional overrides,
    /// zero-width spaces, byte-order marks) change how a reference displays without being seen.
    /// </summary>
    private static bool IsInvisibleControl(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
