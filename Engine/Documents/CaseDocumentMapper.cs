using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Evidence;
using PolicyEngine.Engine.Localization;

namespace PolicyEngine.Engine.Documents;

/// <summary>Turns validated documents into the facts the rules read, filling documented defaults.</summary>
public static class CaseDocumentMapper
{
    /// <summary>Maps a case that <see cref="CaseDocumentValidator"/> accepted; throws if a required field is missing.</summary>
    public static CaseFile ToCaseFile(this CaseDocument document)
    {
        var damage = document.Damage ?? throw Missing("damage");
        var developer = document.Developer ?? new DeveloperDocument();
        var deployer = document.Deployer ?? new DeployerDocument();
        var user = document.User ?? new UserDocument();
        var injured = document.InjuredPerson ?? new InjuredPersonDocument();
        var contract = document.Contract ?? new ContractDocument();
        var causation = document.Causation ?? new CausationDocument();

        return new CaseFile
        {
            Reference = document.Reference ?? throw Missing("reference"),
            EventDate = document.EventDate ?? throw Missing("eventDate"),
            Damage = new Damage(
                damage.Amount ?? throw Missing("damage.amount"),
                damage.Currency ?? throw Missing("damage.currency"),
                ParseKind(damage.Kind ?? throw Missing("damage.kind"))),
            Developer = new DeveloperConduct
            {
                DeclaredAccuracy = developer.DeclaredAccuracy,
                PlacedOnMarket = developer.PlacedOnMarket,
                DisclosedEvidence = developer.DisclosedEvidence ?? true,
                DefectDiscoverable = developer.DefectDiscoverable ?? true,
                FaultPercent = developer.FaultPercent,
            },
            Deployer = new DeployerConduct
            {
                FollowedInstructions = deployer.FollowedInstructions ?? true,
                HumanOversight = deployer.HumanOversight ?? true,
                KeptLogs = deployer.KeptLogs ?? true,
                Monitored = deployer.Monitored ?? true,
                SubstantiallyModified = deployer.SubstantiallyModified ?? false,
                OwnName = deployer.OwnName ?? false,
                OutsideIntendedPurpose = deployer.OutsideIntendedPurpose ?? false,
                FaultPercent = deployer.FaultPercent,
            },
            User = new UserConduct
            {
                Misuse = user.Misuse ?? false,
                IgnoredWarnings = user.IgnoredWarnings ?? false,
                ActedOnDeployerDirections = user.ActedOnDeployerDirections ?? false,
                FaultPercent = user.FaultPercent,
            },
            InjuredPerson = new InjuredPersonConduct
            {
                FaultPercent = injured.FaultPercent ?? 0,
                IsUser = injured.IsUser ?? false,
            },
            Contract = new ContractTerms
            {
                ExclusionClause = contract.ExclusionClause ?? false,
                LimitationClause = contract.LimitationClause ?? false,
                RecourseAgreement = contract.RecourseAgreement ?? false,
            },
            Causation = new Causation
            {
                DeveloperContribution = causation.DeveloperContribution,
                DeployerContribution = causation.DeployerContribution,
                UserContribution = causation.UserContribution,
                EachAloneSufficient = causation.EachAloneSufficient ?? false,
                SharesDeterminable = causation.SharesDeterminable ?? true,
            },
        };
    }

    /// <summary>
    /// Maps validated evidence, computing the 95% Wilson interval from accuracy and sample size
    /// when the record does not give it. Returns <see cref="EvidenceFacts.None"/> for null.
    /// </summary>
    public static EvidenceFacts ToEvidenceFacts(this EvidenceDocument? document)
    {
        if (document is null)
        {
            return EvidenceFacts.None;
        }

        var metrics = document.Metrics ?? throw Missing("evidence.metrics");
        double accuracy = metrics.Accuracy ?? throw Missing("evidence.metrics.accuracy");
        int sampleSize = metrics.SampleSize ?? throw Missing("evidence.metrics.sampleSize");
        var (lower, upper) = metrics is { AccuracyLower95: { } l, AccuracyUpper95: { } u }
            ? (l, u)
            : WilsonInterval.Compute95(accuracy, sampleSize);

        return new EvidenceFacts
        {
            Available = true,
            Accuracy = accuracy,
            SampleSize = sampleSize,
            AccuracyLower95 = lower,
            AccuracyUpper95 = upper,
            Gap = metrics.Gap ?? throw Missing("evidence.metrics.gap"),
            Noise = metrics.Noise ?? throw Missing("evidence.metrics.noise"),
            NoiseRatio = metrics.NoiseRatio,
            Ece = metrics.Ece ?? throw Missing("evidence.metrics.ece"),
        };
    }

    private static DamageKind ParseKind(string kind) => kind switch
    {
        "personal-injury" => DamageKind.PersonalInjury,
        "property" => DamageKind.Property,
        "data" => DamageKind.Data,
        "economic" => DamageKind.Economic,
        _ => throw new ArgumentException(EngineText.Format("'{0}' is not a damage kind.", kind), nameof(kind)),
    };

    private static ArgumentException Missing(string field) =>
        new(EngineText.Format("{0} is missing; validate the document with CaseDocumentValidator before mapping it.", field));
}
