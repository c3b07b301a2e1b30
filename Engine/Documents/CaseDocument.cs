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

    /// <summary>Name of the rule set to apply, such as <c>eu</c>; its published version is used.</summary>
    public string? RuleSet { get; init; }

    public DamageDocument? Damage { get; init; }

    public DeveloperDocument? Developer { get; init; }

    public DeployerDocument? Deployer { get; init; }

    public UserDocument? User { get; init; }

    public InjuredPersonDocument? InjuredPerson { get; init; }

    public ContractDocument? Contract { get; init; }

    public CausationDocument? Causation { get; init; }

    /// <summary>Evidence about the model, inline; a case without evidence is evaluated with none.</summary>
    public EvidenceDocument? Evidence { get; init; }
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
/// An evidence record (see <c>schemas/evidence.schema.json</c>): the metrics rules read and,
/// optionally, free-form provenance describing how they were measured.
/// </summary>
public sealed record EvidenceDocument
{
    public int? SchemaVersion { get; init; }

    public MetricsDocument? Metrics { get; init; }

    public JsonElement? Provenance { get; init; }
}

/// <summary>Metrics measured on the test set; probabilities from 0 to 1 (see docs/metrics.md).</summary>
public sealed record MetricsDocument
{
    public double? Accuracy { get; init; }

    public int? SampleSize { get; init; }

    public double? AccuracyLower95 { get; init; }

    public double? AccuracyUpper95 { get; init; }

    public double? Gap { get; init; }

    public double? Noise { get; init; }

    public double? NoiseRatio { get; init; }

    public double? Ece { get; init; }
}
