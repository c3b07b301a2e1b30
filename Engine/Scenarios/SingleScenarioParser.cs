using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PolicyEngine.Engine.Apportionment;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Localization;
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
        RejectUnknownMembers(name, root, FileMembers, EngineText.Get("the file"));

        string rationale = RequiredString(name, root, "rationale", EngineText.Get("Give one line that cites the provision the scenario checks"));
        string ruleSet = RequiredString(name, root, "ruleSet", EngineText.Get("Name the default rule set to run, for example \"eu\""));
        if (!Regex.IsMatch(ruleSet, RuleSetParser.NamePattern))
        {
            throw Invalid(name, EngineText.Format(
                "ruleSet '{0}' is not a rule-set name. Use lower-case letters, digits and hyphens, for example \"eu\"", ruleSet));
        }

        CheckWorking(name, root["working"]);
        var document = ParseCase(name, root["case"]);
        if (document.RuleSet != ruleSet)
        {
            throw Invalid(name, EngineText.Format("case.ruleSet is '{0}' but ruleSet is '{1}'. Give both the same name", document.RuleSet, ruleSet));
        }

        if (root["expect"] is not JsonObject expect)
        {
            throw Invalid(name, EngineText.Get("expect is missing or not an object. Give at least expect.shares"));
        }

        RejectUnknownMembers(name, expect, ExpectMembers, "expect");
        var fired = RuleNames(name, expect, "fired");
        var notFired = RuleNames(name, expect, "notFired") ?? [];
        if (fired?.Intersect(notFired, StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            throw Invalid(name, EngineText.Format("rule {0} is listed in both expect.fired and expect.notFired. Keep it in one", both));
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
                ?? throw Invalid(name, EngineText.Get("the file must contain one JSON object"));
        }
        catch (JsonException e)
        {
            throw Invalid(name, EngineText.Format("the file is not valid JSON: {0}", e.Message));
        }
    }

    private static void RejectUnknownMembers(string name, JsonObject node, string[] allowed, string where)
    {
        foreach (var (member, _) in node)
        {
            if (!allowed.Contains(member, StringComparer.Ordinal))
            {
                throw Invalid(name, EngineText.Format("{0} has the unknown member '{1}'. The members are {2}", where, member, string.Join(", ", allowed)));
            }
        }
    }

    private static string RequiredString(string name, JsonObject root, string member, string fix)
    {
        if (root[member] is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        throw Invalid(name, EngineText.Format("{0} is missing or not a non-empty string. {1}", member, fix));
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
            throw Invalid(name, EngineText.Get("working must be a string or an array of strings that shows the arithmetic"));
        }
    }

    private static CaseDocument ParseCase(string name, JsonNode? node)
    {
        if (node is not JsonObject)
        {
            throw Invalid(name, EngineText.Get("case is missing or not an object. Give the case as POST /api/v1/decisions takes it"));
        }

        try
        {
            return node.Deserialize<CaseDocument>(EngineJson.Options)
                ?? throw Invalid(name, EngineText.Get("case is null. Give the case as POST /api/v1/decisions takes it"));
        }
        catch (JsonException e)
        {
            throw Invalid(name, EngineText.Format("case is not a valid case document: {0}", e.Message));
        }
    }

    private static Dictionary<string, decimal> ParseShares(string name, JsonNode? node)
    {
        if (node is not JsonObject shares)
        {
            throw Invalid(name, EngineText.Get(
                "expect.shares is missing or not an object. Give the amount of every party, for example { \"developer\": 600.00, ... }"));
        }

        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (party, amount) in shares)
        {
            if (!Parties.TryParse(party, out _))
            {
                throw Invalid(name, EngineText.Format("expect.shares names '{0}', which is not a party. Use {1}", party, PartyNames()));
            }

            if (amount is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue(out decimal parsed))
            {
                throw Invalid(name, EngineText.Format(
                    "expect.shares.{0} must be a JSON number in the currency's major unit, got {1}", party, amount?.ToJsonString() ?? "null"));
            }

            result[party] = parsed;
        }

        var missing = Parties.All.Select(p => p.ToName()).Where(p => !result.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            throw Invalid(name, EngineText.Format(
                "expect.shares has no amount for {0}. List every party, with 0 for those who pay nothing", string.Join(", ", missing)));
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
            throw Invalid(name, EngineText.Format(
                "expect.method {0} is not a method. Use one of {1}", node.ToJsonString(), string.Join(", ", ApportionmentMethods.AllNames)));
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

        throw Invalid(name, EngineText.Format("expect.jointAndSeveral must be true or false, got {0}", node.ToJsonString()));
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
            throw Invalid(name, EngineText.Format("expect.{0} must be an array of rule names", member));
        }

        var names = new List<string>();
        foreach (var item in items)
        {
            if (item is not JsonValue value || !value.TryGetValue(out string? rule) || string.IsNullOrWhiteSpace(rule))
            {
                throw Invalid(name, EngineText.Format("expect.{0} contains {1}, which is not a rule name", member, item?.ToJsonString() ?? "null"));
            }

            names.Add(rule);
        }

        return names;
    }

    private static string PartyNames() => string.Join(", ", Parties.All.Select(p => p.ToName()));

    private static FormatException Invalid(string name, string message) => new(EngineText.Format("Scenario '{0}': {1}.", name, message));
}
