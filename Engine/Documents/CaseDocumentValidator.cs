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

    /// <summary>The evidence record format version this release reads.</summary>
    public const int EvidenceSchemaVersion = 1;

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
            .WithMessage($"eventDate {{PropertyValue}} is outside {EarliestDate:yyyy-MM-dd} to {LatestDate:yyyy-MM-dd}; check the year.")
            .OverridePropertyName("eventDate");
        RuleFor(c => c.RuleSet)
            .NotEmpty().WithMessage("ruleSet is required: name the rule set to apply, for example \"eu\".")
            .Matches(Rules.RuleSetParser.NamePattern).WithMessage(
                "ruleSet '{PropertyValue}' is not a rule-set name: use lower-case letters, digits and hyphens, for example \"eu\".")
            .OverridePropertyName("ruleSet");
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
            .Must(HaveNoMoreDecimalsThanMinorUnit)
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
        RuleFor(c => c.Evidence!.SchemaVersion)
            .Equal(EvidenceSchemaVersion).When(c => c.Evidence!.SchemaVersion is not null)
            .WithMessage($"evidence.schemaVersion {{PropertyValue}} is not supported; this release reads version {EvidenceSchemaVersion}.")
            .OverridePropertyName("evidence.schemaVersion");
        RuleFor(c => c.Evidence!.Provenance)
            .Must(p => p is null || p.Value.ValueKind is System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Null)
            .WithMessage("evidence.provenance must be a JSON object describing how the metrics were measured.")
            .OverridePropertyName("evidence.provenance");
        RuleFor(c => c.Evidence!.Metrics)
            .NotNull().WithMessage("evidence.metrics is required when evidence is given.")
            .OverridePropertyName("evidence.metrics");
        When(c => c.Evidence!.Metrics is not null, () =>
        {
            Probability(c => c.Evidence!.Metrics!.Accuracy, "evidence.metrics.accuracy", required: true);
            RuleFor(c => c.Evidence!.Metrics!.SampleSize)
                .NotNull().WithMessage("evidence.metrics.sampleSize is required: the number of test samples.")
                .GreaterThan(0).WithMessage("evidence.metrics.sampleSize must be 1 or more; got {PropertyValue}.")
                .OverridePropertyName("evidence.metrics.sampleSize");
            Probability(c => c.Evidence!.Metrics!.AccuracyLower95, "evidence.metrics.accuracyLower95");
            Probability(c => c.Evidence!.Metrics!.AccuracyUpper95, "evidence.metrics.accuracyUpper95");
            Probability(c => c.Evidence!.Metrics!.Gap, "evidence.metrics.gap", required: true);
            Probability(c => c.Evidence!.Metrics!.Noise, "evidence.metrics.noise", required: true);
            Probability(c => c.Evidence!.Metrics!.Ece, "evidence.metrics.ece", required: true);
            RuleFor(c => c.Evidence!.Metrics!.NoiseRatio)
                .GreaterThanOrEqualTo(0).WithMessage("evidence.metrics.noiseRatio must be 0 or more; got {PropertyValue}.")
                .OverridePropertyName("evidence.metrics.noiseRatio");
            RuleFor(c => c.Evidence!.Metrics!)
                .Must(HaveConsistentInterval)
                .WithMessage(c => IntervalMessage(c.Evidence!.Metrics!))
                .OverridePropertyName("evidence.metrics.accuracyUpper95");
        });
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

    private static bool HaveNoMoreDecimalsThanMinorUnit(DamageDocument damage)
    {
        decimal scaled = damage.Amount!.Value;
        for (int i = 0; i < Currencies.MinorUnitDigits(damage.Currency!); i++)
        {
            scaled *= 10;
        }

        return scaled == decimal.Truncate(scaled);
    }

    private static bool HaveConsistentInterval(MetricsDocument metrics)
    {
        if (metrics.AccuracyLower95 is null && metrics.AccuracyUpper95 is null)
        {
            return true;
        }

        return metrics.AccuracyLower95 is { } lower && metrics.AccuracyUpper95 is { } upper
            && (metrics.Accuracy is not { } accuracy || (lower <= accuracy && accuracy <= upper));
    }

    private static string IntervalMessage(MetricsDocument metrics) =>
        metrics.AccuracyLower95 is null || metrics.AccuracyUpper95 is null
            ? "evidence.metrics.accuracyLower95 and accuracyUpper95 must be given together, or both left out to have them computed."
            : $"The 95% interval [{metrics.AccuracyLower95}, {metrics.AccuracyUpper95}] does not contain the accuracy {metrics.Accuracy}.";
}
