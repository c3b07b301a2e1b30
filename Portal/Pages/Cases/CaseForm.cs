using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Globalization;
using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Documents;

namespace PolicyEngine.Portal.Pages.Cases;

/// <summary>
/// The case entry form. Numbers are bound as text so that what the user typed is kept and a
/// value that is not a number gets a message naming the field, not a model-binding default.
/// </summary>
public sealed class CaseForm
{
    [Display(Name = "Case reference")] public string? Reference { get; set; }
    [Display(Name = "Date of the event")] public string? EventDate { get; set; }
    [Display(Name = "Rule set")] public string? RuleSet { get; set; } = "eu";
    [Display(Name = "Rule-set version")] public string? RuleSetVersion { get; set; }
    [Display(Name = "Damage amount")] public string? DamageAmount { get; set; }
    [Display(Name = "Currency")] public string? Currency { get; set; } = "EUR";
    [Display(Name = "Kind of damage")] public string? DamageKind { get; set; } = "personal-injury";

    [Display(Name = "Declared accuracy (0 to 1)")] public string? DeclaredAccuracy { get; set; }
    [Display(Name = "Placed on the market")] public string? PlacedOnMarket { get; set; }
    [Display(Name = "Disclosed evidence when asked")] public bool DisclosedEvidence { get; set; } = true;
    [Display(Name = "State of the art could reveal the defect")] public bool DefectDiscoverable { get; set; } = true;
    [Display(Name = "Developer's fault (%)")] public string? DeveloperFault { get; set; }

    [Display(Name = "Followed the instructions for use")] public bool FollowedInstructions { get; set; } = true;
    [Display(Name = "Kept human oversight")] public bool HumanOversight { get; set; } = true;
    [Display(Name = "Kept logs")] public bool KeptLogs { get; set; } = true;
    [Display(Name = "Monitored the system")] public bool Monitored { get; set; } = true;
    [Display(Name = "Modified the model substantially")] public bool SubstantiallyModified { get; set; }
    [Display(Name = "Put its own name on the model")] public bool OwnName { get; set; }
    [Display(Name = "Used it outside its intended purpose")] public bool OutsideIntendedPurpose { get; set; }
    [Display(Name = "Deployer's fault (%)")] public string? DeployerFault { get; set; }

    [Display(Name = "Misused the system")] public bool Misuse { get; set; }
    [Display(Name = "Ignored warnings")] public bool IgnoredWarnings { get; set; }
    [Display(Name = "Acted on the deployer's directions")] public bool ActedOnDeployerDirections { get; set; }
    [Display(Name = "User's fault (%)")] public string? UserFault { get; set; }

    [Display(Name = "Injured person's own fault (%)")] public string? InjuredFault { get; set; }
    [Display(Name = "The injured person is the user")] public bool InjuredIsUser { get; set; }

    [Display(Name = "Contract excludes liability")] public bool ExclusionClause { get; set; }
    [Display(Name = "Contract limits liability")] public bool LimitationClause { get; set; }
    [Display(Name = "Recourse agreement between the parties")] public bool RecourseAgreement { get; set; }
    [Display(Name = "Each act alone would have caused the whole damage")] public bool EachAloneSufficient { get; set; }
    [Display(Name = "Shares can be determined")] public bool SharesDeterminable { get; set; } = true;

    [Display(Name = "Stored evidence record id")] public string? EvidenceId { get; set; }
    [Display(Name = "Include evidence about the model")] public bool IncludeEvidence { get; set; }
    [Display(Name = "Measured accuracy (0 to 1)")] public string? Accuracy { get; set; }
    [Display(Name = "Test sample size")] public string? SampleSize { get; set; }
    [Display(Name = "Gap (0 to 1)")] public string? Gap { get; set; }
    [Display(Name = "Noise (0 to 0.25)")] public string? Noise { get; set; }
    [Display(Name = "Noise ratio")] public string? NoiseRatio { get; set; }
    [Display(Name = "Expected calibration error (0 to 1)")] public string? Ece { get; set; }

    /// <summary>Which form field shows the errors of each case-document field.</summary>
    public static IReadOnlyDictionary<string, string> FieldByPath { get; } = new Dictionary<string, string>
    {
        ["reference"] = nameof(Reference),
        ["eventDate"] = nameof(EventDate),
        ["ruleSet"] = nameof(RuleSet),
        ["ruleSetVersion"] = nameof(RuleSetVersion),
        ["damage"] = nameof(DamageAmount),
        ["damage.amount"] = nameof(DamageAmount),
        ["damage.currency"] = nameof(Currency),
        ["damage.kind"] = nameof(DamageKind),
        ["developer.declaredAccuracy"] = nameof(DeclaredAccuracy),
        ["developer.placedOnMarket"] = nameof(PlacedOnMarket),
        ["developer.faultPercent"] = nameof(DeveloperFault),
        ["deployer.faultPercent"] = nameof(DeployerFault),
        ["user.faultPercent"] = nameof(UserFault),
        ["injuredPerson.faultPercent"] = nameof(InjuredFault),
        ["evidenceId"] = nameof(EvidenceId),
        ["evidence.metrics"] = nameof(Accuracy),
        ["evidence.metrics.accuracy"] = nameof(Accuracy),
        ["evidence.metrics.sampleSize"] = nameof(SampleSize),
        ["evidence.metrics.accuracyUpper95"] = nameof(Accuracy),
        ["evidence.metrics.gap"] = nameof(Gap),
        ["evidence.metrics.noise"] = nameof(Noise),
        ["evidence.metrics.noiseRatio"] = nameof(NoiseRatio),
        ["evidence.metrics.ece"] = nameof(Ece),
    };

    /// <summary>
    /// Builds the case document, adding an error for each field whose text is not a valid value.
    /// <paramref name="text"/> is this class's localizer, which words the errors in the request's language.
    /// </summary>
    public CaseDocument ToDocument(IDictionary<string, string> parseErrors, IStringLocalizer<CaseForm> text)
    {
        var parser = new FieldParser(parseErrors, text);
        return new CaseDocument
        {
            Reference = Reference?.Trim(),
            EventDate = parser.Date(EventDate, nameof(EventDate)),
            RuleSet = RuleSet,
            RuleSetVersion = parser.Integer(RuleSetVersion, nameof(RuleSetVersion)),
            Damage = new DamageDocument
            {
                Amount = parser.Decimal(DamageAmount, nameof(DamageAmount)),
                Currency = Currency?.Trim().ToUpperInvariant(),
                Kind = DamageKind,
            },
            Developer = new DeveloperDocument
            {
                DeclaredAccuracy = parser.Double(DeclaredAccuracy, nameof(DeclaredAccuracy)),
                PlacedOnMarket = parser.Date(PlacedOnMarket, nameof(PlacedOnMarket)),
                DisclosedEvidence = DisclosedEvidence,
                DefectDiscoverable = DefectDiscoverable,
                FaultPercent = parser.Decimal(DeveloperFault, nameof(DeveloperFault)),
            },
            Deployer = new DeployerDocument
            {
                FollowedInstructions = FollowedInstructions,
                HumanOversight = HumanOversight,
                KeptLogs = KeptLogs,
                Monitored = Monitored,
                SubstantiallyModified = SubstantiallyModified,
                OwnName = OwnName,
                OutsideIntendedPurpose = OutsideIntendedPurpose,
                FaultPercent = parser.Decimal(DeployerFault, nameof(DeployerFault)),
            },
            User = new UserDocument
            {
                Misuse = Misuse,
                IgnoredWarnings = IgnoredWarnings,
                ActedOnDeployerDirections = ActedOnDeployerDirections,
                FaultPercent = parser.Decimal(UserFault, nameof(UserFault)),
            },
            InjuredPerson = new InjuredPersonDocument
            {
                FaultPercent = parser.Decimal(InjuredFault, nameof(InjuredFault)) ?? 0,
                IsUser = InjuredIsUser,
            },
            Contract = new ContractDocument
            {
                ExclusionClause = ExclusionClause,
                LimitationClause = LimitationClause,
                RecourseAgreement = RecourseAgreement,
            },
            Causation = new CausationDocument { EachAloneSufficient = EachAloneSufficient, SharesDeterminable = SharesDeterminable },
            Evidence = IncludeEvidence ? Evidence(parser) : null,
            EvidenceId = string.IsNullOrWhiteSpace(EvidenceId) ? null : EvidenceId.Trim(),
        };
    }

    private EvidenceDocument Evidence(FieldParser parser) => new()
    {
        SchemaVersion = 1,
        Metrics = new MetricsDocument
        {
            Accuracy = parser.Double(Accuracy, nameof(Accuracy)),
            SampleSize = parser.Integer(SampleSize, nameof(SampleSize)),
            Gap = parser.Double(Gap, nameof(Gap)),
            Noise = parser.Double(Noise, nameof(Noise)),
            NoiseRatio = parser.Double(NoiseRatio, nameof(NoiseRatio)),
            Ece = parser.Double(Ece, nameof(Ece)),
        },
    };

    /// <summary>An optional minus sign, digits and a decimal point: no thousands separators, so 1250,50 is not read as 125050.</summary>
    private const NumberStyles PlainNumber = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <summary>
    /// Returns the label a form field shows, in the request's language, for messages written in
    /// the form's words.
    /// </summary>
    public static string LabelOf(string field, IStringLocalizer<CaseForm> text) =>
        typeof(CaseForm).GetProperty(field)?.GetCustomAttribute<DisplayAttribute>()?.Name is { } label
            ? text[label].Value
            : field;

    private sealed class FieldParser(IDictionary<string, string> errors, IStringLocalizer<CaseForm> text)
    {
        public decimal? Decimal(string? text, string field) =>
            Parse<decimal>(text, field, "a number such as 1250.50", t =>
                decimal.TryParse(t, PlainNumber, CultureInfo.InvariantCulture, out var v) ? v : null);

        public double? Double(string? text, string field) =>
            Parse<double>(text, field, "a number such as 0.95", t =>
                double.TryParse(t, PlainNumber | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null);

        public int? Integer(string? text, string field) =>
            Parse<int>(text, field, "a whole number such as 10000", t =>
                int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null);

        public DateOnly? Date(string? text, string field) =>
            Parse<DateOnly>(text, field, "a date in the form YYYY-MM-DD", t =>
                DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var v) ? v : null);

        private T? Parse<T>(string? input, string field, string expected, Func<string, T?> parse)
            where T : struct
        {
            if (string.IsNullOrWhiteSpace(input))
            {
                return null;
            }

            var value = parse(input.Trim());
            if (value is null)
            {
                errors[field] = input.Contains(',')
                    ? text["'{0}' is not {1}; use a point as the decimal separator and no thousands separators.", input, text[expected]]
                    : text["'{0}' is not {1}.", input, text[expected]];
            }

            return value;
        }
    }
}
