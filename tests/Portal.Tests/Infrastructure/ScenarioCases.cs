using System.Text.Json.Nodes;

namespace PolicyEngine.Portal.Tests.Infrastructure;

/// <summary>The default rule sets and the cases of their scenario files, copied next to the test assembly.</summary>
public static class ScenarioCases
{
    public static readonly string[] DefaultRuleSets = ["eu", "cn", "us-pure", "us-modified-51"];

    public static string RuleSetPath(string ruleSet) => Path.Combine(AppContext.BaseDirectory, "RuleSets", $"{ruleSet}.json");

    public static string ScenariosPath(string ruleSet) =>
        Path.Combine(AppContext.BaseDirectory, "RuleSets", "scenarios", $"{ruleSet}.scenarios.json");

    /// <summary>Each scenario of the rule set's file as its name and its case as JSON text.</summary>
    public static IReadOnlyList<(string Name, string CaseJson)> Read(string ruleSet)
    {
        var root = JsonNode.Parse(File.ReadAllText(ScenariosPath(ruleSet)))!;
        return root["scenarios"]!.AsArray()
            .Select(s => (s!["name"]!.GetValue<string>(), s["case"]!.ToJsonString()))
            .ToList();
    }

    public static TheoryData<string> RuleSetNames()
    {
        var data = new TheoryData<string>();
        foreach (string name in DefaultRuleSets)
        {
            data.Add(name);
        }

        return data;
    }
}
