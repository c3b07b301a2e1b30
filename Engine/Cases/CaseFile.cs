namespace PolicyEngine.Engine.Cases;

/// <summary>
/// A liability case as the rules read it: the parameter named <c>facts</c> in every rule
/// expression. Built from a validated <see cref="Documents.CaseDocument"/>.
/// </summary>
public sealed record CaseFile
{
    /// <summary>Reference chosen by whoever submits the case.</summary>
    public required string Reference { get; init; }

    public required DateOnly EventDate { get; init; }

    public required Damage Damage { get; init; }

    public DeveloperConduct Developer { get; init; } = new();

    public DeployerConduct Deployer { get; init; } = new();

    public UserConduct User { get; init; } = new();

    public InjuredPersonConduct InjuredPerson { get; init; } = new();

    public ContractTerms Contract { get; init; } = new();

    public Causation Causation { get; init; } = new();
}

/// <summary>The damage to apportion, in the currency's major unit.</summary>
public sealed record Damage(decimal Amount, string Currency, DamageKind Kind);

public enum DamageKind
{
    PersonalInjury,
    Property,
    Data,
    Economic,
}

/// <summary>
/// What the model's developer (the provider or manufacturer) declared and did.
/// Fault figures are percentages from 0 to 100 as a court or expert assessed them, or null.
/// </summary>
public sealed record DeveloperConduct
{
    /// <summary>Accuracy stated in the instructions for use, as a probability from 0 to 1.</summary>
    public double? DeclaredAccuracy { get; init; }

    public DateOnly? PlacedOnMarket { get; init; }

    /// <summary>Whether the developer disclosed the evidence it holds when asked to.</summary>
    public bool DisclosedEvidence { get; init; } = true;

    /// <summary>Whether the state of the art when the model was placed on the market could have revealed the defect.</summary>
    public bool DefectDiscoverable { get; init; } = true;

    public decimal? FaultPercent { get; init; }
}

/// <summary>What the deployer, who puts the model into service, did.</summary>
public sealed record DeployerConduct
{
    public bool FollowedInstructions { get; init; } = true;

    public bool HumanOversight { get; init; } = true;

    public bool KeptLogs { get; init; } = true;

    public bool Monitored { get; init; } = true;

    public bool SubstantiallyModified { get; init; }

    /// <summary>Whether the deployer put its own name or trademark on the model.</summary>
    public bool OwnName { get; init; }

    public bool OutsideIntendedPurpose { get; init; }

    public decimal? FaultPercent { get; init; }
}

/// <summary>What the user, who operated the system when the damage happened, did.</summary>
public sealed record UserConduct
{
    public bool Misuse { get; init; }

    public bool IgnoredWarnings { get; init; }

    public bool ActedOnDeployerDirections { get; init; }

    public decimal? FaultPercent { get; init; }
}

/// <summary>The person who suffered the damage.</summary>
public sealed record InjuredPersonConduct
{
    /// <summary>The injured person's own share of fault, from 0 to 100, as assessed.</summary>
    public decimal FaultPercent { get; init; }

    /// <summary>Whether the injured person is the user of the system rather than a third party.</summary>
    public bool IsUser { get; init; }
}

/// <summary>Contract terms between the parties that bear on liability.</summary>
public sealed record ContractTerms
{
    /// <summary>A clause that excludes liability towards the injured person.</summary>
    public bool ExclusionClause { get; init; }

    /// <summary>A clause that limits the amount of liability towards the injured person.</summary>
    public bool LimitationClause { get; init; }

    /// <summary>An agreement between developer, deployer and user on recourse among themselves.</summary>
    public bool RecourseAgreement { get; init; }
}

/// <summary>
/// What is known about how each party's act caused the damage. Contributions are
/// percentages from 0 to 100, or null where unknown.
/// </summary>
public sealed record Causation
{
    public decimal? DeveloperContribution { get; init; }

    public decimal? DeployerContribution { get; init; }

    public decimal? UserContribution { get; init; }

    /// <summary>Whether each liable party's act alone would have caused the whole damage.</summary>
    public bool EachAloneSufficient { get; init; }

    /// <summary>Whether the parties' shares can be determined at all; when false they share equally.</summary>
    public bool SharesDeterminable { get; init; } = true;
}
