using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Localization;
using RulesEngine.Models;

namespace PolicyEngine.Engine.Rules;

/// <summary>
/// Reads a rule-set document (a RulesEngine workflow whose rules carry their finding in
/// <c>Properties</c>) and checks its structure. Expressions are compiled later, by
/// <see cref="LiabilityEngine"/>.
/// </summary>
public static partial class RuleSetParser
{
    /// <summary>Longest accepted expression, in characters, so that untrusted text stays reviewable.</summary>
    public const int MaxExpressionLength = 1000;

    public const int MaxRules = 200;

    /// <summary>Largest weight a rule may give, so that the sum over all rules stays far inside decimal's range.</summary>
    public const decimal MaxWeight = 1_000_000_000m;

    private static readonly HashSet<string> WorkflowFields =
        ["WorkflowName", "Description", "AppliesFrom", "AppliesUntil", "Parameters", "GlobalParams", "Rules"];

    private static readonly HashSet<string> RuleFields =
        ["RuleName", "Expression", "Operator", "Rules", "RuleExpressionType", "Enabled", "Properties", "LocalParams", "ErrorMessage", "SuccessEvent"];

    private static readonly HashSet<string> ScopedParamFields = ["Name", "Expression"];

    /// <summary>Rule-set names: lower-case letters, digits and hyphens, starting with a letter.</summary>
    public const string NamePattern = "^[a-z][a-z0-9-]{0,63}$";

    [GeneratedRegex(NamePattern)]
    private static partial Regex WorkflowNamePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,99}$")]
    private static partial Regex IdentifierPattern();

    /// <summary>Parses <paramref name="json"/>, throwing <see cref="RuleSetException"/> with every problem found.</summary>
    public static RuleSetDocument Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw new RuleSetException([new RuleSetProblem(null, "$", EngineText.Format("The document is not valid JSON: {0}", ex.Message))]);
        }

        using (document)
        {
            var schemaProblems = RuleSetSchema.Validate(document.RootElement);
            if (schemaProblems.Count > 0)
            {
                throw new RuleSetException(schemaProblems);
            }

            var problems = new List<RuleSetProblem>();
            var result = ParseWorkflow(document.RootElement, problems);
            if (problems.Count > 0 || result is null)
            {
                throw new RuleSetException(problems);
            }

            return result;
        }
    }

    private static RuleSetDocument? ParseWorkflow(JsonElement root, List<RuleSetProblem> problems)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(null, "$", EngineText.Get("A rule set must be a JSON object with WorkflowName and Rules.")));
            return null;
        }

        ReportUnknownFields(root, WorkflowFields, null, "$", problems);
        string? name = RequiredString(root, "WorkflowName", null, "$", problems);
        if (name is not null && !WorkflowNamePattern().IsMatch(name))
        {
            problems.Add(new(null, "$.WorkflowName",
                EngineText.Format("'{0}' is not a valid rule-set name: use lower-case letters, digits and hyphens, starting with a letter.", name)));
        }

        string? description = OptionalString(root, "Description", null, "$", problems);
        var (appliesFrom, appliesUntil) = ParseApplicationDates(root, problems);
        var parameters = ParseParameters(root, problems);
        var globalParams = ParseScopedParams(root, null, "$", problems) ?? [];
        CheckScopedNamesUnique(parameters, globalParams, problems);
        var rules = ParseRules(root, problems);
        if (name is null || rules is null || appliesFrom is null)
        {
            return null;
        }

        // Parameters reach RulesEngine as the first global params, each a literal of its type,
        // so that expressions read them by name like any other global param.
        var workflow = new Workflow
        {
            WorkflowName = name,
            GlobalParams = parameters
                .Select(p => new ScopedParam { Name = p.Name, Expression = p.LiteralExpression })
                .Concat(globalParams.Select(g => new ScopedParam { Name = g.Name, Expression = g.Expression }))
                .ToList(),
            Rules = rules.Select(r => r.Rule).ToList(),
        };
        return new RuleSetDocument(name, description, workflow, rules.Select(r => r.Metadata).ToList())
        {
            Parameters = parameters,
            GlobalParams = globalParams,
            AppliesFrom = appliesFrom.Value,
            AppliesUntil = appliesUntil,
        };
    }

    private static List<(Rule Rule, RuleMetadata Metadata)>? ParseRules(JsonElement root, List<RuleSetProblem> problems)
    {
        if (!root.TryGetProperty("Rules", out var rulesElement) || rulesElement.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new(null, "$.Rules", EngineText.Get("Rules is missing or not an array.")));
            return null;
        }

        int count = rulesElement.GetArrayLength();
        if (count == 0 || count > MaxRules)
        {
            problems.Add(new(null, "$.Rules", EngineText.Format("A rule set needs between 1 and {0} rules; this one has {1}.", MaxRules, count)));
            return null;
        }

        var parsed = new List<(Rule, RuleMetadata)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (var element in rulesElement.EnumerateArray())
        {
            var rule = ParseRule(element, $"$.Rules[{index}]", problems);
            if (rule is { } r)
            {
                foreach (var condition in r.Metadata.Condition.SelfAndDescendants().Where(c => !names.Add(c.RuleName)))
                {
                    problems.Add(new(condition.RuleName, $"{condition.Path}.RuleName",
                        EngineText.Get("Another rule already has this name; rule names, child rules included, must be unique.")));
                }

                parsed.Add(r);
            }

            index++;
        }

        return parsed;
    }

    private static (Rule Rule, RuleMetadata Metadata)? ParseRule(JsonElement element, string path, List<RuleSetProblem> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(null, path, EngineText.Get("Each rule must be a JSON object.")));
            return null;
        }

        string? name = RequiredString(element, "RuleName", null, path, problems);
        if (name is not null && !IdentifierPattern().IsMatch(name))
        {
            problems.Add(new(name, $"{path}.RuleName",
                EngineText.Get(
                    "A rule name must start with a letter and contain only letters, digits and underscores, and should state the legal consequence.")));
        }

        int before = problems.Count;
        ReportUnknownFields(element, RuleFields, name, path, problems);
        var condition = ParseCondition(element, name, path, depth: 1, problems);
        string? expressionType = OptionalString(element, "RuleExpressionType", name, path, problems);
        if (expressionType is not null && expressionType != nameof(RuleExpressionType.LambdaExpression))
        {
            problems.Add(new(name, $"{path}.RuleExpressionType", EngineText.Format("'{0}' is not supported; use LambdaExpression or leave it out.", expressionType)));
        }

        bool enabled = !element.TryGetProperty("Enabled", out var enabledElement) || enabledElement.ValueKind != JsonValueKind.False;
        var localParams = ParseScopedParams(element, name, path, problems, "LocalParams");
        if (localParams is { Count: > 0 } && condition?.Expression is null)
        {
            problems.Add(new(name, $"{path}.LocalParams",
                EngineText.Get("LocalParams belong to a rule with an Expression; a rule with child rules cannot have them.")));
        }

        var metadata = ParseProperties(element, name ?? "?", condition?.Expression ?? "", path, problems);
        if (problems.Count > before || name is null || condition is null || metadata is null)
        {
            return null;
        }

        var rule = ToRulesEngineRule(condition);
        rule.Enabled = enabled;
        rule.LocalParams = localParams?.Select(p => new ScopedParam { Name = p.Name, Expression = p.Expression }).ToList();
        rule.Properties = new Dictionary<string, object> { ["party"] = metadata.Party.ToName() };
        rule.Actions = metadata.WeightExpression is null ? null : WeightAction(metadata.WeightExpression);
        return (rule, metadata with { Condition = condition, LocalParams = localParams ?? [], Path = path });
    }

    /// <summary>
    /// Evaluates the weight expression with RulesEngine's own OutputExpression action, so it is
    /// compiled and cached together with the rule.
    /// </summary>
    private static RuleActions WeightAction(string expression) => new()
    {
        OnSuccess = new ActionInfo
        {
            Name = "OutputExpression",
            Context = new Dictionary<string, object> { ["Expression"] = expression },
        },
    };

    private static RuleMetadata? ParseProperties(JsonElement rule, string name, string expression, string path, List<RuleSetProblem> problems)
    {
        string propertiesPath = $"{path}.Properties";
        if (!rule.TryGetProperty("Properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(name, propertiesPath,
                EngineText.Get("Properties is missing: every rule states its party, effect, basis, description and citation there.")));
            return null;
        }

        int before = problems.Count;
        string? partyName = RequiredString(properties, "party", name, propertiesPath, problems);
        Party party = default;
        if (partyName is not null && !Parties.TryParse(partyName, out party))
        {
            problems.Add(new(name, $"{propertiesPath}.party",
                EngineText.Format("'{0}' is not a party; use developer, deployer, user or injured-person.", partyName)));
        }

        var effect = ParseEffect(properties, name, propertiesPath, problems);
        string? basisName = RequiredString(properties, "basis", name, propertiesPath, problems);
        LegalBasis basis = default;
        if (basisName is not null && !LegalBases.TryParse(basisName, out basis))
        {
            problems.Add(new(name, $"{propertiesPath}.basis",
                EngineText.Format("'{0}' is not a legal basis; use fault, strict-product-liability, contract or statutory-duty.", basisName)));
        }

        string? description = RequiredString(properties, "description", name, propertiesPath, problems);
        var citation = ParseCitation(properties, name, propertiesPath, problems);
        var (fixedWeight, weightExpression) = ParseWeight(properties, name, propertiesPath, problems);
        if (problems.Count > before || effect is null || description is null || citation is null)
        {
            return null;
        }

        var transferFrom = ParseTransferFrom(properties, name, propertiesPath, problems);
        CheckEffectFitsParty(party, effect.Value, fixedWeight is not null || weightExpression is not null, transferFrom, name, propertiesPath, problems);
        return new RuleMetadata(name, expression, party, effect.Value, basis, fixedWeight, weightExpression, citation, description)
        {
            TransferFrom = transferFrom,
        };
    }

    private static FindingEffect? ParseEffect(JsonElement properties, string name, string path, List<RuleSetProblem> problems)
    {
        string effectName = OptionalString(properties, "effect", name, path, problems) ?? "liable";
        if (FindingEffects.TryParse(effectName, out var effect))
        {
            return effect;
        }

        problems.Add(new(name, $"{path}.effect",
            EngineText.Format("'{0}' is not an effect; use one of {1}.", effectName, string.Join(", ", FindingEffects.AllNames))));
        return null;
    }

    /// <summary>Checks that the effect suits the party and has the weight and the transfer source it needs.</summary>
    private static void CheckEffectFitsParty(
        Party party, FindingEffect effect, bool hasWeight, Party? transferFrom, string name, string path, List<RuleSetProblem> problems)
    {
        bool forInjuredPerson = effect is FindingEffect.ReduceRecovery or FindingEffect.RecoveryBar;
        if (forInjuredPerson && party != Party.InjuredPerson)
        {
            problems.Add(new(name, $"{path}.effect", EngineText.Format("Only the injured-person party can have the effect {0}.", effect.ToName())));
        }

        if (!forInjuredPerson && party == Party.InjuredPerson)
        {
            problems.Add(new(name, $"{path}.effect",
                EngineText.Format(
                    "The effect {0} concerns the developer, deployer or user; the injured person's own fault uses reduce-recovery.",
                    effect.ToName())));
        }

        if (forInjuredPerson && !hasWeight)
        {
            problems.Add(new(name, $"{path}.weight", effect == FindingEffect.ReduceRecovery
                ? EngineText.Get("A reduce-recovery rule needs a weight: the percentage (0 to 100) of the damage the injured person bears.")
                : EngineText.Get("A recovery-bar rule needs a weight: the own-fault percentage at which recovery is barred, such as 51.")));
        }

        if (effect == FindingEffect.TransferRole && (transferFrom is null || transferFrom == party || transferFrom == Party.InjuredPerson))
        {
            problems.Add(new(name, $"{path}.from",
                EngineText.Get("A transfer-role rule needs \"from\": the developer, deployer or user whose role this rule's party takes over.")));
        }

        if (effect != FindingEffect.TransferRole && transferFrom is not null)
        {
            problems.Add(new(name, $"{path}.from", EngineText.Get("\"from\" belongs only to transfer-role rules.")));
        }
    }

    private static Party? ParseTransferFrom(JsonElement properties, string name, string path, List<RuleSetProblem> problems)
    {
        string? fromName = OptionalString(properties, "from", name, path, problems);
        if (fromName is null)
        {
            return null;
        }

        if (Parties.TryParse(fromName, out var from))
        {
            return from;
        }

        problems.Add(new(name, $"{path}.from", EngineText.Format("'{0}' is not a party; use developer, deployer or user.", fromName)));
        return null;
    }

    private static Citation? ParseCitation(JsonElement properties, string name, string path, List<RuleSetProblem> problems)
    {
        string citationPath = $"{path}.citation";
        if (!properties.TryGetProperty("citation", out var citation) || citation.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(name, citationPath,
                EngineText.Get("citation is missing: give the instrument, the article and a link to the official text.")));
            return null;
        }

        string? instrument = RequiredString(citation, "instrument", name, citationPath, problems);
        string? article = RequiredString(citation, "article", name, citationPath, problems);
        string? url = OptionalString(citation, "url", name, citationPath, problems);
        if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            problems.Add(new(name, $"{citationPath}.url", EngineText.Format("'{0}' is not an absolute URL.", url)));
        }

        return instrument is null || article is null ? null : new Citation(instrument, article, url);
    }

    private static (decimal? Fixed, string? Expression) ParseWeight(JsonElement properties, string name, string path, List<RuleSetProblem> problems)
    {
        if (!properties.TryGetProperty("weight", out var weight) || weight.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (weight.ValueKind == JsonValueKind.Number && weight.TryGetDecimal(out var value) && value is >= 0 and <= MaxWeight)
        {
            return (value, null);
        }

        if (weight.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(weight.GetString()))
        {
            string expression = weight.GetString()!;
            if (expression.Length > MaxExpressionLength)
            {
                problems.Add(new(name, $"{path}.weight",
                    EngineText.Format("The weight expression is longer than {0} characters.", MaxExpressionLength)));
            }

            return (null, expression);
        }

        problems.Add(new(name, $"{path}.weight",
            EngineText.Format(
                "weight must be a number from 0 to {0:N0}, or an expression over facts and evidence; got {1}.", MaxWeight, weight.GetRawText())));
        return (null, null);
    }

    private static List<NamedExpression>? ParseScopedParams(
        JsonElement owner, string? ruleName, string path, List<RuleSetProblem> problems, string field = "GlobalParams")
    {
        if (!owner.TryGetProperty(field, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new(ruleName, $"{path}.{field}", EngineText.Format("{0} must be an array of {{ Name, Expression }} objects.", field)));
            return null;
        }

        var result = new List<NamedExpression>();
        int index = 0;
        foreach (var item in array.EnumerateArray())
        {
            string itemPath = $"{path}.{field}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(ruleName, itemPath, EngineText.Get("Each parameter must be an object with Name and Expression.")));
                continue;
            }

            ReportUnknownFields(item, ScopedParamFields, ruleName, itemPath, problems);
            string? paramName = RequiredString(item, "Name", ruleName, itemPath, problems);
            string? expression = RequiredString(item, "Expression", ruleName, itemPath, problems);
            if (paramName is not null && !IdentifierPattern().IsMatch(paramName))
            {
                problems.Add(new(ruleName, $"{itemPath}.Name", EngineText.Format("'{0}' is not a valid parameter name.", paramName)));
            }
            else if (paramName is not null && IsReservedName(paramName))
            {
                problems.Add(new(ruleName, $"{itemPath}.Name",
                    EngineText.Format("'{0}' is a reserved word of the rule language; choose another name.", paramName)));
            }
            else if (expression is { Length: > MaxExpressionLength })
            {
                problems.Add(new(ruleName, $"{itemPath}.Expression",
                    EngineText.Format("The expression is longer than {0} characters.", MaxExpressionLength)));
            }
            else if (paramName is not null && expression is not null)
            {
                result.Add(new NamedExpression(paramName, expression, $"{itemPath}.Expression"));
            }
        }

        return result;
    }

    private static void ReportUnknownFields(
        JsonElement element, HashSet<string> known, string? ruleName, string path, List<RuleSetProblem> problems)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                problems.Add(new(ruleName, $"{path}.{property.Name}",
                    EngineText.Format(
                        "'{0}' is not supported here; allowed: {1}.", property.Name, string.Join(", ", known.Order(StringComparer.Ordinal)))));
            }
        }
    }

    private static string? RequiredString(JsonElement owner, string field, string? ruleName, string path, List<RuleSetProblem> problems)
    {
        string? value = OptionalString(owner, field, ruleName, path, problems);
        if (value is null && !problems.Any(p => p.Path == $"{path}.{field}"))
        {
            problems.Add(new(ruleName, $"{path}.{field}", EngineText.Format("{0} is missing or empty.", field)));
        }

        return value;
    }

    private static string? OptionalString(JsonElement owner, string field, string? ruleName, string path, List<RuleSetProblem> problems)
    {
        if (!owner.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new(ruleName, $"{path}.{field}",
                EngineText.Format("{0} must be a string; got {1}.", field, value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture))));
            return null;
        }

        string text = value.GetString()!;
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
