using PolicyEngine.Engine.Rules;
using PolicyEngine.Engine.Scenarios;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Hosting;

/// <summary><c>scenarios run RULESET</c>: runs a default rule set's scenarios against its published version.</summary>
public static class ScenarioCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string ruleSetName)
    {
        string path = Path.Combine(DefaultRuleSetSeeder.DefaultFolder, "scenarios", $"{ruleSetName}.scenarios.json");
        if (!File.Exists(path))
        {
            string available = string.Join(", ", Directory.GetFiles(Path.GetDirectoryName(path)!, "*.scenarios.json")
                .Select(f => Path.GetFileName(f)[..^".scenarios.json".Length]).Order(StringComparer.Ordinal));
            await Console.Error.WriteLineAsync($"No scenarios ship for '{ruleSetName}'; rule sets with scenarios: {available}.");
            return 2;
        }

        var version = await services.GetRequiredService<RuleSetRepository>().GetPublishedAsync(ruleSetName, CancellationToken.None);
        if (version is null)
        {
            await Console.Error.WriteLineAsync($"No published version of '{ruleSetName}' is stored; run migrate first.");
            return 2;
        }

        var engine = services.GetRequiredService<LiabilityEngine>();
        var compiled = engine.Compile(version.Content);
        int failed = 0;
        foreach (var scenario in ScenarioRunner.Parse(await File.ReadAllTextAsync(path)))
        {
            var result = await ScenarioRunner.RunAsync(engine, compiled, scenario);
            Console.WriteLine($"{(result.Passed ? "PASS" : "FAIL")}  {scenario.Name}");
            foreach (string failure in result.Failures)
            {
                Console.WriteLine($"      {failure}");
            }

            failed += result.Passed ? 0 : 1;
        }

        Console.WriteLine($"{ruleSetName} version {version.Version} ({version.Sha256}): {failed} scenario(s) failed.");
        return failed == 0 ? 0 : 1;
    }
}
