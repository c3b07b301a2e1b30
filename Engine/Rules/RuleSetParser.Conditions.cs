using System.Globalization;
using System.Text.Json;
using PolicyEngine.Engine.Localization;
using RulesEngine.Models;

namespace PolicyEngine.Engine.Rules;

public static partial class RuleSetParser
{
    /// <summary>Deepest nesting of child rules below a top-level rule.</summary>
    public const int MaxConditionDepth = 3;

    private static readonly HashSet<string> ChildRuleFields = ["RuleName", "Expression", "Operator", "Rules", "RuleExpressionType"];

    private static readonly HashSet<string> ParameterFields = ["Name", "Type", "Value", "Description"];

    private static readonly Dictionary<string, ParameterType> ParameterTypes = new(StringComparer.Ordinal)
    {
        ["number"] = ParameterType.Number,
        ["decimal"] = ParameterType.Decimal,
        ["integer"] = ParameterType.Integer,
        ["boolean"] = ParameterType.Boolean,
        ["date"] = ParameterType.Date,
    };

    /// <summary>
    /// Reads a rule's condition: an Expression, or an Operator with child Rules. Child rules are
    /// conditions only; the finding belongs to the top-level rule.
    /// </summary>
    private static RuleCondition? ParseCondition(JsonElement element, string? name, string path, int depth, List<RuleSetProblem> problems)
    {
        bool hasExpression = element.TryGetProperty("Expression", out _);
        bool hasChildren = element.TryGetProperty("Rules", out var childrenElement);
        bool hasOperator = element.TryGetProperty("Operator", out _);
        if (hasExpression && (hasChildren || hasOperator))
        {
            problems.Add(new(name, $"{path}.Expression",
                EngineText.Get(
                    "A rule has either an Expression or child rules (Operator and Rules), not both. Move the expression into a child rule.")));
            return null;
        }

        if (!hasChildren && !hasOperator)
        {
            string? expression = RequiredString(element, "Expression", name, path, problems);
            if (expression is not null && expression.Length > MaxExpressionLength)
            {
                problems.Add(new(name, $"{path}.Expression",
                    EngineText.Format(
                        "The expression has {0} characters; the limit is {1}. Split it into rules whose names explain the steps.",
                        expression.Length, MaxExpressionLength)));
                return null;
            }

            return expression is null || name is null ? null : new RuleCondition(name, expression, null, [], path);
        }

        string? op = RequiredString(element, "Operator", name, path, problems);
        if (op is not null && op is not ("And" or "Or"))
        {
            problems.Add(new(name, $"{path}.Operator", EngineText.Format("'{0}' is not an operator for child rules; use And or Or.", op)));
        }

        if (depth > MaxConditionDepth)
        {
            problems.Add(new(name, path,
                EngineText.Format("Child rules nest deeper than {0} levels; flatten them into named rules.", MaxConditionDepth)));
            return null;
        }

        if (!hasChildren || childrenElement.ValueKind != JsonValueKind.Array || childrenElement.GetArrayLength() == 0)
        {
            problems.Add(new(name, $"{path}.Rules", EngineText.Get("A rule with an Operator needs Rules: a non-empty array of child rules.")));
            return null;
        }

        var children = new List<RuleCondition>();
        int index = 0;
        foreach (var child in childrenElement.EnumerateArray())
        {
            string childPath = $"{path}.Rules[{index++}]";
            if (child.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(name, childPath, EngineText.Get("Each child rule must be a JSON object.")));
                continue;
            }

            string? childName = RequiredString(child, "RuleName", name, childPath, problems);
            ReportUnknownFields(child, ChildRuleFields, childName ?? name, childPath, problems);
            if (childName is not null && !IdentifierPattern().IsMatch(childName))
            {
                problems.Add(new(childName, $"{childPath}.RuleName",
                    EngineText.Get("A rule name must start with a letter and contain only letters, digits and underscores.")));
            }

            if (ParseCondition(child, childName, childPath, depth + 1, problems) is { } condition)
            {
                children.Add(condition);
            }
        }

        return name is null || op is null ? null : new RuleCondition(name, null, op, children, path);
    }

    /// <summary>Builds the RulesEngine rule for a condition; child rules become nested rules.</summary>
    private static Rule ToRulesEngineRule(RuleCondition condition) => new()
    {
        RuleName = condition.RuleName,
        Expression = condition.Expression,
        RuleExpressionType = RuleExpressionType.LambdaExpression,
        Operator = condition.Operator,
        Rules = condition.Children.Count == 0 ? null : condition.Children.Select(ToRulesEngineRule).ToList(),
    };

    private static List<RuleSetParameter> ParseParameters(JsonElement root, List<RuleSetProblem> problems)
    {
        var result = new List<RuleSetParameter>();
        if (!root.TryGetProperty("Parameters", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new(null, "$.Parameters", EngineText.Get("Parameters must be an array of { Name, Type, Value, Description } objects.")));
            return result;
        }

        int index = 0;
        foreach (var item in array.EnumerateArray())
        {
            string path = $"$.Parameters[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(null, path, EngineText.Get("Each parameter must be an object with Name, Type, Value and Description.")));
                continue;
            }

            ReportUnknownFields(item, ParameterFields, null, path, problems);
            string? name = RequiredString(item, "Name", null, path, problems);
            string? typeName = RequiredString(item, "Type", null, path, problems);
            string? description = RequiredString(item, "Description", null, path, problems);
            if (name is not null && !IdentifierPattern().IsMatch(name))
            {
                problems.Add(new(null, $"{path}.Name",
                    EngineText.Format("'{0}' is not a valid parameter name: start with a letter, then letters, digits or underscores.", name)));
                continue;
            }

            if (typeName is not null && !ParameterTypes.ContainsKey(typeName))
            {
                problems.Add(new(null, $"{path}.Type",
                    EngineText.Format("'{0}' is not a parameter type; use one of {1}.", typeName, string.Join(", ", ParameterTypes.Keys))));
                continue;
            }

            if (name is null || typeName is null || description is null)
            {
                continue;
            }

            var type = ParameterTypes[typeName];
            if (ReadParameterValue(item, type, path, problems) is { } value)
            {
                result.Add(new RuleSetParameter(name, type, value, description));
            }
        }

        return result;
    }

    private static object? ReadParameterValue(JsonElement item, ParameterType type, string path, List<RuleSetProblem> problems)
    {
        if (!item.TryGetProperty("Value", out var value))
        {
            problems.Add(new(null, $"{path}.Value", EngineText.Get("Value is missing.")));
            return null;
        }

        object? result = type switch
        {
            ParameterType.Number when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d) && double.IsFinite(d) => d,
            ParameterType.Decimal when value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out decimal m) => m,
            ParameterType.Integer when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int i) => i,
            ParameterType.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False => value.GetBoolean(),
            ParameterType.Date when value.ValueKind == JsonValueKind.String
                && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => date,
            _ => null,
        };
        if (result is null)
        {
            string expected = type switch
            {
                ParameterType.Number or ParameterType.Decimal => EngineText.Get("a number"),
                ParameterType.Integer => EngineText.Get("a whole number"),
                ParameterType.Boolean => EngineText.Get("true or false"),
                _ => EngineText.Get("a date written as YYYY-MM-DD"),
            };
            problems.Add(new(null, $"{path}.Value",
                EngineText.Format("Value {0} does not fit the parameter's type; give {1}.", value.GetRawText(), expected)));
        }

        return result;
    }

    /// <summary>
    /// Whether a parameter name would clash with the rule language: a word the expression checks
    /// reject, a type the parser resolves (Math, int, DateOnly) or a keyword of System.Linq.Dynamic.Core.
    /// </summary>
    private static bool IsReservedName(string name) =>
        Expressions.ExpressionChecker.IsReservedWord(name)
        || name is "Math" or "DateOnly" or "int" or "long" or "double" or "decimal" or "float" or "bool" or "string" or "char" or "object"
            or "true" or "false" or "null" or "new" or "it" or "parent" or "root" or "iif" or "np" or "as" or "is";

    /// <summary>Checks that parameters and global params have distinct names that do not hide the inputs.</summary>
    private static void CheckScopedNamesUnique(
        IReadOnlyList<RuleSetParameter> parameters, IReadOnlyList<NamedExpression> globalParams, List<RuleSetProblem> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = parameters.Select((p, i) => (p.Name, Path: $"$.Parameters[{i}].Name"))
            .Concat(globalParams.Select((g, i) => (g.Name, Path: $"$.GlobalParams[{i}].Name")));
        foreach (var (name, path) in names)
        {
            if (name is LiabilityEngine.FactsParameter or LiabilityEngine.EvidenceParameter)
            {
                problems.Add(new(null, path, EngineText.Format("'{0}' is the name of an input; choose another name.", name)));
            }
            else if (IsReservedName(name))
            {
                problems.Add(new(null, path, EngineText.Format("'{0}' is a reserved word of the rule language; choose another name.", name)));
            }
            else if (!seen.Add(name))
            {
                problems.Add(new(null, path,
                    EngineText.Format("'{0}' is already the name of a parameter or global param; names must be unique.", name)));
            }
        }
    }
}
