using System.Text.RegularExpressions;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Engine.Scenarios;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.RuleSets;

/// <summary>
/// Reads the scenario files that ship beside the default rule sets, one <c>NAME.scenarios.json</c>
/// per rule set. Shared by the <c>scenarios run</c> command, the rule-set pages and the API.
/// </summary>
public sealed partial class ScenarioFiles(string folder)
{
    public const string FileSuffix = ".scenarios.json";

    /// <summary>The <c>RuleSets/scenarios</c> folder beside the program, where the build copies <c>rulesets/scenarios/*.json</c>.</summary>
    public static string DefaultFolder => Path.Combine(DefaultRuleSetSeeder.DefaultFolder, "scenarios");

    public string Folder => folder;

    /// <summary>Whether <paramref name="name"/> has the form of a rule-set name (<see cref="RuleSetParser.NamePattern"/>).</summary>
    public static bool IsRuleSetName(string? name) =>
        // In .NET, $ also matches before a final line feed, which a name must not end with.
        name is not null && RuleSetName().IsMatch(name) && !name.EndsWith('\n');

    /// <summary>Lists the rule sets that have a scenarios file, in ordinal order, or none when the folder is missing.</summary>
    public IReadOnlyList<string> ListRuleSetNames()
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.GetFiles(folder, "*" + FileSuffix)
            .Select(path => Path.GetFileName(path)[..^FileSuffix.Length])
            .Where(IsRuleSetName)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Reads and parses the scenarios of <paramref name="ruleSetName"/>, or returns null when no file
    /// ships for it. Throws <see cref="ArgumentException"/> for a name that is not a rule-set name,
    /// so that no caller can reach a file outside the folder, and <see cref="InvalidDataException"/>,
    /// naming the file, when the file cannot be parsed.
    /// </summary>
    public async Task<IReadOnlyList<Scenario>?> LoadAsync(string ruleSetName, CancellationToken cancellationToken)
    {
        if (!IsRuleSetName(ruleSetName))
        {
            throw new ArgumentException(
                $"'{ruleSetName}' is not a rule-set name, so it has no scenarios file.", nameof(ruleSetName));
        }

        string path = Path.Combine(folder, ruleSetName + FileSuffix);
        if (!File.Exists(path))
        {
            return null;
        }

        string json = await File.ReadAllTextAsync(path, cancellationToken);
        try
        {
            return ScenarioRunner.Parse(json);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"The scenarios file {ruleSetName}{FileSuffix} is invalid: {ex.Message}", ex);
        }
    }

    [GeneratedRegex(RuleSetParser.NamePattern)]
    private static partial Regex RuleSetName();
}
