using PolicyEngine.Portal.RuleSets;

namespace PolicyEngine.Portal.Hosting;

/// <summary><c>scenarios run RULESET</c>: runs a default rule set's scenarios, each under the published version in force on its event date.</summary>
public static class ScenarioCommand
{
    /// <summary>
    /// Runs the scenarios and prints PASS or FAIL for each. Returns 0 when all pass, 1 when any
    /// fails, and 2 when none could run.
    /// </summary>
    public static async Task<int> RunAsync(IServiceProvider services, string ruleSetName)
    {
        var run = await services.GetRequiredService<RuleSetService>().RunScenariosAsync(ruleSetName, CancellationToken.None);
        if (run.Status != ScenarioRunStatus.Completed || run.Results.Count == 0)
        {
            await Console.Error.WriteLineAsync(run.Message);
            return 2;
        }

        foreach (var result in run.Results)
        {
            Console.WriteLine($"{(result.Passed ? "PASS" : "FAIL")}  {result.Name}");
            foreach (string failure in result.Failures)
            {
                Console.WriteLine($"      {failure}");
            }
        }

        var version = run.Version!;
        Console.WriteLine($"{ruleSetName} version {version.Version} ({version.Sha256}): {run.FailedCount} scenario(s) failed.");
        return run.FailedCount == 0 ? 0 : 1;
    }
}
