using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PolicyEngine.Engine.Apportionment;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Engine.Scenarios;

/// <summary>
/// Parses a file that contains one scenario (the format of <c>tests/scenarios</c>). Unknown members
/// are rejected, like everywhere else in PolicyEngine, so that a misspelt constraint fails
/// instead of being skipped.
/// </summary>
internal static class SingleScenarioParser
{
    private static readonly string[] FileMembers = ["rationale", "ruleSet", "working", "case", "expect"];
    private static readonly string[] ExpectMembers = ["shares", "method", "jointAndSeveral", "fired", "notFired"];

    public static Scenario Parse(string name, string json)
    {
        var root = ParseObject(name, json);
        RejectUnknownMembers(name, root, FileMembers, "the file");

        string rationale = RequiredString(name, root, "rationale", "Give one line that cites the provision the scenario checks");
        string ruleSet = RequiredString(name, root, "ruleSet", "Name the default rule set to run, for example \"eu\"");
        if (!Regex.IsMatch(ruleSet, RuleSetParser.NamePattern))
        {
            throw Invalid(name, $"ruleSet '{ruleSet}' is not a rule-set name. Use lower-case letters, digits and hyphens, for example \"eu\"");
        }

        CheckWorking(name, root["working"]);
        var document = ParseCase(name, root["case"]);
        if (document.RuleSet != ruleSet)
        {
            throw Invalid(name, $"case.ruleSet is '{document.RuleSet}' but ruleSet is '{ruleSet}'. Give both the same name");
        }

        if (root["expect"] is not JsonObject expect)
        {
            throw Invalid(name, "expect is missing or not an object. Give at least expect.shares");
        }

        RejectUnknownMembers(name, expect, ExpectMembers, "expect");
        var fired = RuleNames(name, expect, "fired");
        var notFired = RuleNames(name, expect, "notFired") ?? [];
        if (fired?.Intersect(notFired, StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            throw Invalid(name, $"rule {both} is listed in both expect.fired and expect.notFired. Keep it in one");
        }

        return new Scenario(name, document, fired, ParseShares(name, expect["shares"]), JointAndSeveral(name, expect["jointAndSeveral"]))
        {
            NotFired = notFired,
            Method = ParseMethod(name, expect["method"]),
            RuleSet = ruleSet,
            Rationale = rationale,
        };
    }

    private static JsonObject ParseObject(string name, string json)
    {
        try
        {
            // Rejected duplicates keep {"method": "equal", "method": "barred"} from meaning the last one.
            var options = new JsonDocumentOptions { AllowDuplicateProperties = false };
            return JsonNode.Parse(json, documentOptions: options) as JsonObject
                ?? throw Invalid(name, "the file must contain one JSON object");
        }
        catch (JsonException e)
        {
            throw Invalid(name, $"the file is not valid JSON: {e.Message}");
        }
    }

    private static void RejectUnknownMembers(string name, JsonObject node, string[] allowed, string where)
    {
        foreach (var (member, _) in node)
        {
            if (!allowed.Contains(member, StringComparer.Ordinal))
            {
                throw Invalid(name, $"{where} has the unknown member '{member}'. The members are {string.Join(", ", allowed)}");
            }
        }
    }

    private static string RequiredString(string name, JsonObject root, string member, string fix)
    {
        if (root[member] is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        throw Invalid(name, $"{member} is missing or not a non-empty string. {fix}");
    }

    /// <summary>Checks that the optional hand arithmetic is one string or an array of strings.</summary>
    private static void CheckWorking(string name, JsonNode? working)
    {
        bool valid = working switch
        {
            null => true,
            JsonValue value => value.TryGetValue(out string? _),
            JsonArray lines => lines.All(line => line is JsonValue value && value.TryGetValue(out string? _)),
            _ => false,
        };
        if (!valid)
        {
            throw Invalid(name, "working must be a string or an array of strings that shows the arithmetic");
        }
    }

    private static CaseDocument ParseCase(string name, JsonNode? node)
    {
        if (node is not JsonObject)
        {
            throw Invalid(name, "case is missing or not an object. Give the case as POST /api/v1/decisions takes it");
        }

        try
        {
            return node.Deserialize<CaseDocument>(EngineJson.Options)
                ?? throw Invalid(name, "case is null. Give the case as POST /api/v1/decisions takes it");
        }
        catch (JsonException e)
        {
            throw Invalid(name, $"case is not a valid case document: {e.Message}");
        }
    }

    private static Dictionary<string, decimal> ParseShares(string name, JsonNode? node)
    {
        if (node is not JsonObject shares)
        {
            throw Invalid(name, "expect.shares is missing or not an object. Give the amount of every party, for example { \"developer\": 600.00, ... }");
        }

        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (party, amount) in shares)
        {
            if (!Parties.TryParse(party, out _))
            {
                throw Invalid(name, $"expect.shares names '{party}', which is not a party. Use {PartyNames()}");
            }

            if (amount is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue(out decimal parsed))
            {
                throw Invalid(name, $"expect.shares.{party} must be a JSON number in the currency's major unit, got {amount?.ToJsonString() ?? "null"}");
            }

            result[party] = parsed;
        }

        var missing = Parties.All.Select(p => p.ToName()).Where(p => !result.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            throw Invalid(name, $"expect.shares has no amount for {string.Join(", ", missing)}. List every party, with 0 for those who pay nothing");
        }

        return result;
    }

    private static ApportionmentMethod? ParseMethod(string name, JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        string? text = node is JsonValue value && value.TryGetValue(out string? s) ? s : null;
        if (!ApportionmentMethods.TryParse(text, out var method))
        {
            throw Invalid(name, $"expect.method {node.ToJsonString()} is not a method. Use one of {string.Join(", ", ApportionmentMethods.AllNames)}");
        }

        return method;
    }

    private static bool? JointAndSeveral(string name, JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue(out bool joint))
        {
            return joint;
        }

        throw Invalid(name, $"expect.jointAndSeveral must be true or false, got {node.ToJsonString()}");
    }

    private static List<string>? RuleNames(string name, JsonObject expect, string member)
    {
        var node = expect[member];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray items)
        {
            throw Invalid(name, $"expect.{member} must be an array of rule names");
        }

        var names = new List<string>();
        foreach (var item in items)
        {
            if (item is not JsonValue value || !value.TryGetValue(out string? rule) || string.IsNullOrWhiteSpace(rule))
            {
                throw Invalid(name, $"expect.{member} contains {item?.ToJsonString() ?? "null"}, which is not a rule name");
            }

            names.Add(rule);
        }

        return names;
    }

    private static string PartyNames() => string.Join(", ", Parties.All.Select(p => p.ToName()));

    private static FormatException Invalid(string name, string message) => new($"Scenario '{name}': {message}.");
}
