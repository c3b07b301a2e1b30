using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using PolicyEngine.Engine.Localization;

namespace PolicyEngine.Engine.Documents;

/// <summary>
/// Checks an evidence record. Every error names the field by its path under
/// <paramref name="prefix"/>: <c>metrics.accuracy</c> for a record on its own, or
/// <c>evidence.metrics.accuracy</c> inside a case.
/// </summary>
public sealed class EvidenceDocumentValidator : AbstractValidator<EvidenceDocument>
{
    /// <summary>The evidence record format version this release reads.</summary>
    public const int SchemaVersion = 1;

    public const int MaxModelNameLength = 200;

    public EvidenceDocumentValidator(string prefix = "")
    {
        RuleFor(e => e.SchemaVersion)
            .Equal(SchemaVersion).When(e => e.SchemaVersion is not null)
            .WithMessage(_ => EngineText.Format(
                "{0}schemaVersion {{PropertyValue}} is not supported; this release reads version {1}.", prefix, SchemaVersion))
            .OverridePropertyName($"{prefix}schemaVersion");
        RuleFor(e => e.Provenance)
            .Must(p => p is null || p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
            .WithMessage(_ => EngineText.Format("{0}provenance must be a JSON object describing how the metrics were measured.", prefix))
            .OverridePropertyName($"{prefix}provenance");
        RuleFor(e => e.Provenance)
            .Custom((provenance, context) => ProvenanceChecks.Check(provenance!.Value, $"{prefix}provenance", context))
            .When(e => e.Provenance is { ValueKind: JsonValueKind.Object });
        RuleFor(e => e.Metrics)
            .NotNull().WithMessage(_ => EngineText.Format("{0}metrics is required: the figures measured on the test set.", prefix))
            .OverridePropertyName($"{prefix}metrics");
        RuleFor(e => e.Metrics!)
            .Custom(new MetricsDocumentValidator($"{prefix}metrics").AddFailuresTo)
            .When(e => e.Metrics is not null);
        When(e => e.Baseline is not null, () =>
        {
            RuleFor(e => e.Baseline!.Model)
                .NotEmpty().WithMessage(_ => EngineText.Format("{0}baseline.model is required: name the baseline model.", prefix))
                .MaximumLength(MaxModelNameLength)
                .WithMessage(_ => EngineText.Format("{0}baseline.model is longer than {1} characters.", prefix, MaxModelNameLength))
                .OverridePropertyName($"{prefix}baseline.model");
            RuleFor(e => e.Baseline!.Metrics)
                .NotNull().WithMessage(_ => EngineText.Format("{0}baseline.metrics is required with a baseline.", prefix))
                .OverridePropertyName($"{prefix}baseline.metrics");
            RuleFor(e => e.Baseline!.Metrics!)
                .Custom(new MetricsDocumentValidator($"{prefix}baseline.metrics").AddFailuresTo)
                .When(e => e.Baseline!.Metrics is not null);
        });
    }

    /// <summary>Validates <paramref name="evidence"/> and adds its failures, with their full paths, to a parent validation.</summary>
    public void AddFailuresTo<TParent>(EvidenceDocument evidence, ValidationContext<TParent> context)
    {
        foreach (var failure in Validate(evidence).Errors)
        {
            context.AddFailure(new ValidationFailure(failure.PropertyName, failure.ErrorMessage, failure.AttemptedValue));
        }
    }
}
