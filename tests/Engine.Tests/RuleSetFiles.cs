using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyEngine.Engine.Documents;

namespace PolicyEngine.Engine.Tests;

/// <summary>Reads the default rule sets and their scenarios, copied next to the test assembly.</summary>
internal static class RuleSetFiles
{
    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "RuleSets", $"{name}.json"));

    /// <summary>Names of the rule sets that have a scenarios file.</summary>
    public static IEnumerable<string> WithScenarios() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "RuleSets", "scenarios"), "*.scenarios.json")
            .Select(path => Path.GetFileName(path)[..^".scenarios.json".Length]);

    public static IReadOnlyList<Scenarios.Scenario> ParsedScenarios(string ruleSet) =>
        PolicyEngine.Engine.Scenarios.ScenarioRunner.Parse(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "RuleSets", "scenarios", $"{ruleSet}.scenarios.json")));

    public static IEnumerable<(string Name, CaseDocument Case, JsonObject Expect)> Scenarios(string ruleSet)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "RuleSets", "scenarios", $"{ruleSet}.scenarios.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (var scenario in root["scenarios"]!.AsArray())
        {
            var document = scenario!["case"].Deserialize<CaseDocument>(EngineJson.Options)!;
            yield return (scenario["name"]!.GetValue<string>(), document, scenario["expect"]!.AsObject());
        }
    }

    /// <summary>Returns a minimal rule set around the given Parameters, GlobalParams and rules (JSON fragments).</summary>
    public static string WithRules(string rules, string parameters = "[]", string globalParams = "[]") =>
        $$"""
        { "WorkflowName": "test", "AppliesFrom": "2020-01-01", "Parameters": {{parameters}}, "GlobalParams": {{globalParams}}, "Rules": [ {{rules}} ] }
        """;

    /// <summary>Returns a rule whose finding makes the developer liable with weight 1, as a JSON fragment.</summary>
    public static string Rule(string name, string condition) =>
        $$"""
        {
          "RuleName": "{{name}}",
          {{condition}},
          "Properties": {
            "party": "developer", "basis": "fault", "weight": 1, "description": "A rule for tests.",
            "citation": { "instrument": "Test Act", "article": "Art. 1" }
          }
        }
        """;

    /// <summary>Returns a minimal valid rule set with one rule, for tests of the engine itself.</summary>
    public static string OneRule(string expression, string weight = "1", string party = "developer", string effect = "liable") =>
        $$"""
        {
          "WorkflowName": "test",
          "AppliesFrom": "2020-01-01",
          "Rules": [
            {
              "RuleName": "TestRule",
              "Expression": {{JsonSerializer.Serialize(expression)}},
              "Properties": {
                "party": "{{party}}",
                "effect": "{{effect}}",
                "basis": "fault",
                "weight": {{weight}},
                "description": "A rule for tests.",
                "citation": { "instrument": "Test Act", "article": "Art. 1" }
              }
            }
          ]
        }
        """;
}
