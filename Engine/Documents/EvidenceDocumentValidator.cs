using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;

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
            .WithMessage($"{prefix}schemaVersion {{PropertyValue}} is not supported; this release reads version {SchemaVersion}.")
            .OverridePropertyName($"{prefix}schemaVersion");
        RuleFor(e => e.Provenance)
            .Must(p => p is null || p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
            .WithMessage($"{prefix}provenance must be a JSON object describing how the metrics were measured.")
            .OverridePropertyName($"{prefix}provenance");
        RuleFor(e => e.Provenance)
            .Custom((provenance, context) => ProvenanceChecks.Check(provenance!.Value, $"{prefix}provenance", context))
            .When(e => e.Provenance is { ValueKind: JsonValueKind.Object });
        RuleFor(e => e.Metrics)
            .NotNull().WithMessage($"{prefix}metrics is required: the figures measured on the test set.")
            .OverridePropertyName($"{prefix}metrics");
        RuleFor(e => e.Metrics!)
            .Custom(new MetricsDocumentValidator($"{prefix}metrics").AddFailuresTo)
            .When(e => e.Metrics is not null);
        When(e => e.Baseline is not null, () =>
        {
            RuleFor(e => e.Baseline!.Model)
                .NotEmpty().WithMessage($"{prefix}baseline.model is required: name the baseline model.")
                .MaximumLength(MaxModelNameLength).WithMessage($"{prefix}baseline.model is longer than {MaxModelNameLength} characters.")
                .OverridePropertyName($"{prefix}baseline.model");
            RuleFor(e => e.Baseline!.Metrics)
                .NotNull().WithMessage($"{prefix}baseline.metrics is required with a baseline.")
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
