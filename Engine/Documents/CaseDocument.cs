using System.Text.Json;

namespace PolicyEngine.Engine.Documents;

/// <summary>
/// A case as submitted in JSON (see <c>schemas/case.schema.json</c>). Every member is
/// nullable so that a missing field is reported by <see cref="CaseDocumentValidator"/> by
/// name, rather than as a serializer error; <see cref="CaseDocumentMapper"/> turns a valid
/// document into the <see cref="Cases.CaseFile"/> that rules read.
/// </summary>
public sealed record CaseDocument
{
    public string? Reference { get; init; }

    public DateOnly? EventDate { get; init; }

    /// <summary>
    /// Name of the rule set to apply, such as <c>eu</c>. Unless <see cref="RuleSetVersion"/> names a
    /// version, the published version in force on <see cref="EventDate"/> decides the case.
    /// </summary>
    public string? RuleSet { get; init; }

    /// <summary>A published version of the rule set to use instead, which must apply on the event date.</summary>
    public int? RuleSetVersion { get; init; }

    public DamageDocument? Damage { get; init; }

    public DeveloperDocument? Developer { get; init; }

    public DeployerDocument? Deployer { get; init; }

    public UserDocument? User { get; init; }

    public InjuredPersonDocument? InjuredPerson { get; init; }

    public ContractDocument? Contract { get; init; }

    public CausationDocument? Causation { get; init; }

    /// <summary>Evidence about the model, inline; a case without evidence is evaluated with none.</summary>
    public EvidenceDocument? Evidence { get; init; }

    /// <summary>The id of a stored evidence record (<c>ev-...</c>), instead of <see cref="Evidence"/> inline.</summary>
    public string? EvidenceId { get; init; }
}

public sealed record DamageDocument
{
    public decimal? Amount { get; init; }

    public string? Currency { get; init; }

    /// <summary>personal-injury, property, data or economic.</summary>
    public string? Kind { get; init; }
}

public sealed record DeveloperDocument
{
    public double? DeclaredAccuracy { get; init; }

    public DateOnly? PlacedOnMarket { get; init; }

    public bool? DisclosedEvidence { get; init; }

    public bool? DefectDiscoverable { get; init; }

    public decimal? FaultPercent { get; init; }
}

public sealed record DeployerDocument
{
    public bool? FollowedInstructions { get; init; }

    public bool? HumanOversight { get; init; }

    public bool? KeptLogs { get; init; }

    public bool? Monitored { get; init; }

    public bool? SubstantiallyModified { get; init; }

    public bool? OwnName { get; init; }

    public bool? OutsideIntendedPurpose { get; init; }

    public decimal? FaultPercent { get; init; }
}

public sealed record UserDocument
{
    public bool? Misuse { get; init; }

    public bool? IgnoredWarnings { get; init; }

    public bool? ActedOnDeployerDirections { get; init; }

    public decimal? FaultPercent { get; init; }
}

public sealed record InjuredPersonDocument
{
    public decimal? FaultPercent { get; init; }

    public bool? IsUser { get; init; }
}

public sealed record ContractDocument
{
    public bool? ExclusionClause { get; init; }

    public bool? LimitationClause { get; init; }

    public bool? RecourseAgreement { get; init; }
}

public sealed record CausationDocument
{
    public decimal? DeveloperContribution { get; init; }

    public decimal? DeployerContribution { get; init; }

    public decimal? UserContribution { get; init; }

    public bool? EachAloneSufficient { get; init; }

    public bool? SharesDeterminable { get; init; }
}

/// <summary>
/// An evidence record (see <c>schemas/evidence.schema.json</c>), as the ML module writes it: the
/// metrics, optionally the same metrics for a baseline model, and free-form provenance describing
/// how they were measured. Rules read only the metrics that <see cref="Evidence.EvidenceFacts"/> carries.
/// </summary>
public sealed record EvidenceDocument
{
    public int? SchemaVersion { get; init; }

    public MetricsDocument? Metrics { get; init; }

    public BaselineDocument? Baseline { get; init; }

    public JsonElement? Provenance { get; init; }
}

/// <summary>Metrics of a simpler model on the same data, for comparison.</summary>
public sealed record BaselineDocument
{
    public string? Model { get; init; }

    public MetricsDocument? Metrics { get; init; }
}

/// <summary>Metrics measured on the test set; probabilities from 0 to 1 (see docs/metrics.md).</summary>
public sealed record MetricsDocument
{
    public int? SampleSize { get; init; }

    public int? ClassCount { get; init; }

    public double? Accuracy { get; init; }

    public double? AccuracyLower95 { get; init; }

    public double? AccuracyUpper95 { get; init; }

    public double? CrossEntropy { get; init; }

    public double? Gap { get; init; }

    public double? Noise { get; init; }

    public double? NoiseRatio { get; init; }

    public double? Brier { get; init; }

    public double? Ece { get; init; }

    /// <summary>The 15 equal-width confidence bins of the reliability diagram.</summary>
    public IReadOnlyList<CalibrationBinDocument>? CalibrationBins { get; init; }

    public IReadOnlyList<ClassMetricsDocument>? PerClass { get; init; }

    /// <summary>Counts by true class (rows) and predicted class (columns).</summary>
    public IReadOnlyList<IReadOnlyList<int>>? ConfusionMatrix { get; init; }
}

/// <summary>One confidence bin; mean confidence and accuracy are null when the bin is empty.</summary>
public sealed record CalibrationBinDocument
{
    public int? Index { get; init; }

    public double? Lower { get; init; }

    public double? Upper { get; init; }

    public int? Count { get; init; }

    public double? MeanConfidence { get; init; }

    public double? Accuracy { get; init; }
}

/// <summary>Figures for one class; a figure is null when it is undefined (no predictions or no samples of the class).</summary>
public sealed record ClassMetricsDocument
{
    public int? Class { get; init; }

    public int? Support { get; init; }

    public double? Accuracy { get; init; }

    public double? Precision { get; init; }

    public double? Recall { get; init; }
}
