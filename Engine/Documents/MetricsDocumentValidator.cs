using FluentValidation;
using FluentValidation.Results;
using PolicyEngine.Engine.Localization;

namespace PolicyEngine.Engine.Documents;

/// <summary>
/// Checks the metrics of an evidence record against their definitions in docs/metrics.md.
/// Errors are named <c>{path}.{field}</c>, for example <c>evidence.metrics.ece</c>.
/// </summary>
public sealed class MetricsDocumentValidator : AbstractValidator<MetricsDocument>
{
    /// <summary>The largest variance that numbers from 0 to 1 can have: half at 0 and half at 1.</summary>
    public const double MaxVariance = 0.25;

    public const int CalibrationBinCount = 15;

    /// <summary>Largest class count accepted, so that a confusion matrix stays a reasonable size.</summary>
    public const int MaxClassCount = 1000;

    /// <summary>
    /// The Brier score is at most 2, but probability rows may sum to 1 within 1e-6, which can
    /// push it a little past 2; allow for that.
    /// </summary>
    private const double MaxBrier = 2.00001;

    /// <summary>How far a stated bin edge may lie from j/15, for decimal text of the edge.</summary>
    private const double BinEdgeTolerance = 1e-9;

    private readonly string _path;

    public MetricsDocumentValidator(string path)
    {
        _path = path;
        Probability(m => m.Accuracy, "accuracy", required: true);
        RuleFor(m => m.SampleSize)
            .NotNull().WithMessage(_ => EngineText.Format("{0}.sampleSize is required: the number of test samples.", path))
            .GreaterThan(0).WithMessage(_ => EngineText.Format("{0}.sampleSize must be 1 or more; got {{PropertyValue}}.", path))
            .OverridePropertyName($"{path}.sampleSize");
        RuleFor(m => m.ClassCount)
            .InclusiveBetween(2, MaxClassCount)
            .WithMessage(_ => EngineText.Format("{0}.classCount must be from 2 to {1}; got {{PropertyValue}}.", path, MaxClassCount))
            .OverridePropertyName($"{path}.classCount");
        Probability(m => m.AccuracyLower95, "accuracyLower95");
        Probability(m => m.AccuracyUpper95, "accuracyUpper95");
        Probability(m => m.Gap, "gap", required: true);
        Variance(m => m.Noise, "noise");
        Probability(m => m.Ece, "ece", required: true);
        RuleFor(m => m.NoiseRatio)
            .GreaterThanOrEqualTo(0).WithMessage(_ => EngineText.Format("{0}.noiseRatio must be 0 or more; got {{PropertyValue}}.", path))
            .OverridePropertyName($"{path}.noiseRatio");
        RuleFor(m => m.CrossEntropy)
            .GreaterThanOrEqualTo(0).WithMessage(_ => EngineText.Format("{0}.crossEntropy must be 0 or more; got {{PropertyValue}}.", path))
            .OverridePropertyName($"{path}.crossEntropy");
        RuleFor(m => m.Brier)
            .InclusiveBetween(0, MaxBrier).WithMessage(_ => EngineText.Format("{0}.brier must be from 0 to 2; got {{PropertyValue}}.", path))
            .OverridePropertyName($"{path}.brier");
        RuleFor(m => m)
            .Must(HaveConsistentInterval).WithMessage(IntervalMessage)
            .OverridePropertyName($"{path}.accuracyUpper95");
        RuleFor(m => m).Custom(CheckCalibrationBins);
        RuleFor(m => m).Custom(CheckPerClass);
        RuleFor(m => m).Custom(CheckConfusionMatrix);
    }

    /// <summary>Validates <paramref name="metrics"/> and adds its failures to a parent validation.</summary>
    public void AddFailuresTo<TParent>(MetricsDocument metrics, ValidationContext<TParent> context)
    {
        foreach (var failure in Validate(metrics).Errors)
        {
            context.AddFailure(new ValidationFailure(failure.PropertyName, failure.ErrorMessage, failure.AttemptedValue));
        }
    }

    private void Probability(System.Linq.Expressions.Expression<Func<MetricsDocument, double?>> field, string name, bool required = false)
    {
        string fullName = $"{_path}.{name}";
        if (required)
        {
            RuleFor(field).NotNull()
                .WithMessage(_ => EngineText.Format("{0} is required: a probability from 0 to 1.", fullName))
                .OverridePropertyName(fullName);
        }

        RuleFor(field)
            .InclusiveBetween(0, 1)
            .WithMessage(_ => EngineText.Format("{0} must be a probability from 0 to 1; got {{PropertyValue}}.", fullName))
            .OverridePropertyName(fullName);
    }

    /// <summary>
    /// Adds the rules of a required variance of probabilities, such as noise: numbers from 0 to 1
    /// vary by at most 0.25, so a larger value cannot come from real predictions.
    /// </summary>
    private void Variance(System.Linq.Expressions.Expression<Func<MetricsDocument, double?>> field, string name)
    {
        string fullName = $"{_path}.{name}";
        RuleFor(field).NotNull()
            .WithMessage(_ => EngineText.Format("{0} is required: a variance from 0 to 0.25.", fullName))
            .OverridePropertyName(fullName);
        RuleFor(field)
            .InclusiveBetween(0, MaxVariance)
            .WithMessage(_ => EngineText.Format(
                "{0} must be a variance from 0 to 0.25, the most that numbers from 0 to 1 can vary; got {{PropertyValue}}.",
                fullName))
            .OverridePropertyName(fullName);
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

    private string IntervalMessage(MetricsDocument metrics) =>
        metrics.AccuracyLower95 is null || metrics.AccuracyUpper95 is null
            ? EngineText.Format(
                "{0}.accuracyLower95 and accuracyUpper95 must be given together, or both left out to have them computed.", _path)
            : EngineText.Format(
                "The 95% interval [{0}, {1}] does not contain the accuracy {2}.",
                metrics.AccuracyLower95, metrics.AccuracyUpper95, metrics.Accuracy);

    private void CheckCalibrationBins(MetricsDocument metrics, ValidationContext<MetricsDocument> context)
    {
        if (metrics.CalibrationBins is not { } bins)
        {
            return;
        }

        string name = $"{_path}.calibrationBins";
        if (bins.Count != CalibrationBinCount)
        {
            context.AddFailure(name, EngineText.Format("{0} must have {1} bins; got {2}.", name, CalibrationBinCount, bins.Count));
            return;
        }

        for (int i = 0; i < bins.Count; i++)
        {
            var bin = bins[i];
            double lower = (double)i / CalibrationBinCount;
            double upper = (double)(i + 1) / CalibrationBinCount;
            bool valid = bin is not null && bin.Count is >= 0 && bin.Index == i
                && bin.Lower is { } stated && Math.Abs(stated - lower) < BinEdgeTolerance
                && bin.Upper is { } statedUpper && Math.Abs(statedUpper - upper) < BinEdgeTolerance
                && IsProbabilityOrNull(bin.MeanConfidence) && IsProbabilityOrNull(bin.Accuracy);
            if (!valid)
            {
                context.AddFailure($"{name}[{i}]", EngineText.Format(
                    "{0}[{1}] must be the bin with index {1} from {2:0.####} to {3:0.####}, with a count of 0 or more "
                    + "and a mean confidence and accuracy from 0 to 1, or null when the bin is empty.",
                    name, i, lower, upper));
                return;
            }
        }

        long total = bins.Sum(b => (long)b.Count!.Value);
        if (metrics.SampleSize is { } sampleSize && total != sampleSize)
        {
            context.AddFailure(name, EngineText.Format("The counts in {0} add up to {1}, not to the sample size {2}.", name, total, sampleSize));
        }
    }

    private void CheckPerClass(MetricsDocument metrics, ValidationContext<MetricsDocument> context)
    {
        if (metrics.PerClass is not { } classes)
        {
            return;
        }

        string name = $"{_path}.perClass";
        int classLimit = metrics.ClassCount ?? metrics.ConfusionMatrix?.Count ?? MaxClassCount;
        for (int i = 0; i < classes.Count; i++)
        {
            var figures = classes[i];
            bool valid = figures is not null && figures.Class is >= 0 && figures.Class < classLimit && figures.Support is >= 0
                && IsProbabilityOrNull(figures.Accuracy) && IsProbabilityOrNull(figures.Precision) && IsProbabilityOrNull(figures.Recall);
            if (!valid)
            {
                context.AddFailure($"{name}[{i}]", EngineText.Format(
                    "{0}[{1}] needs a class from 0 to {2}, a support of 0 or more, and accuracy, precision "
                    + "and recall from 0 to 1, or null where undefined.",
                    name, i, classLimit - 1));
                return;
            }
        }
    }

    private void CheckConfusionMatrix(MetricsDocument metrics, ValidationContext<MetricsDocument> context)
    {
        if (metrics.ConfusionMatrix is not { } matrix)
        {
            return;
        }

        string name = $"{_path}.confusionMatrix";
        int size = matrix.Count;
        if (size is < 2 or > MaxClassCount || matrix.Any(row => row is null || row.Count != size || row.Any(c => c < 0)))
        {
            context.AddFailure(name, EngineText.Format(
                "{0} must be a square matrix of counts of 0 or more, one row and one column per class.", name));
            return;
        }

        if (metrics.ClassCount is { } classCount && classCount != size)
        {
            context.AddFailure(name, EngineText.Format("{0} has {1} rows but classCount is {2}.", name, size, classCount));
        }

        long total = matrix.Sum(row => row.Sum(c => (long)c));
        if (metrics.SampleSize is { } sampleSize && total != sampleSize)
        {
            context.AddFailure(name, EngineText.Format("The counts in {0} add up to {1}, not to the sample size {2}.", name, total, sampleSize));
        }
    }

    private static bool IsProbabilityOrNull(double? value) => value is null or (>= 0 and <= 1);
}
