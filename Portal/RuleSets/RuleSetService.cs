using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Engine.Scenarios;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.RuleSets;

/// <summary>
/// A rule set as the rule-set pages show it. <see cref="Published"/> is its highest published
/// version, and <see cref="Document"/> that version parsed. <see cref="ScenarioCount"/> is null
/// when no scenarios file ships for it. <see cref="Problems"/> lists why a figure is missing.
/// </summary>
public sealed record RuleSetOverview(
    RuleSetSummary Summary,
    RuleSetVersion? Published,
    RuleSetDocument? Document,
    int? ScenarioCount,
    IReadOnlyList<string> Problems)
{
    /// <summary>Number of top-level rules in the published version, or null when it is unknown.</summary>
    public int? RuleCount => Document?.Rules.Count;
}

public enum ScenarioRunStatus
{
    /// <summary>The scenarios ran; there may be none when no scenarios file ships for the rule set.</summary>
    Completed,
    RuleSetNotFound,
    NoPublishedVersion,

    /// <summary>The published version no longer compiles, or its scenarios file cannot be parsed.</summary>
    Invalid,
}

/// <summary>
/// The outcome of running a rule set's scenarios against its highest published version.
/// <see cref="Message"/> explains every status but a run with scenarios.
/// </summary>
public sealed record ScenarioRun(
    ScenarioRunStatus Status,
    string RuleSetName,
    RuleSetVersion? Version,
    IReadOnlyList<ScenarioResult> Results,
    string? Message)
{
    public int PassedCount => Results.Count(r => r.Passed);

    public int FailedCount => Results.Count - PassedCount;
}

/// <summary>Describes the stored rule sets and runs their scenarios, for the CLI, the rule-set pages and the API.</summary>
public sealed partial class RuleSetService(
    RuleSetRepository ruleSets,
    LiabilityEngine engine,
    ScenarioFiles scenarioFiles,
    IStringLocalizer<RuleSetService> text,
    ILogger<RuleSetService> logger)
{
    public async Task<IReadOnlyList<RuleSetOverview>> ListAsync(CancellationToken cancellationToken)
    {
        var overviews = new List<RuleSetOverview>();
        foreach (var summary in await ruleSets.ListAsync(cancellationToken))
        {
            overviews.Add(await DescribeAsync(summary, cancellationToken));
        }

        return overviews;
    }

    /// <summary>Describes the rule set named <paramref name="name"/>, or returns null when there is none.</summary>
    public async Task<RuleSetOverview?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var summary = (await ruleSets.ListAsync(cancellationToken)).FirstOrDefault(r => r.Name == name);
        return summary is null ? null : await DescribeAsync(summary, cancellationToken);
    }

    /// <summary>
    /// Runs the scenarios that ship for <paramref name="name"/>, one after another, each under the
    /// published version in force on its event date. A rule set without a scenarios file
    /// completes with no results.
    /// </summary>
    public async Task<ScenarioRun> RunScenariosAsync(string name, CancellationToken cancellationToken)
    {
        var version = ScenarioFiles.IsRuleSetName(name) ? await ruleSets.GetPublishedAsync(name, cancellationToken) : null;
        if (version is null)
        {
            return await NotRunnableAsync(name, cancellationToken);
        }

        IReadOnlyList<Scenario>? scenarios;
        CompiledRuleSet compiled;
        try
        {
            scenarios = await scenarioFiles.LoadAsync(name, cancellationToken);
            compiled = engine.Compile(version.Content);
        }
        catch (Exception ex) when (ex is InvalidDataException or RuleSetException)
        {
            LogRunFailed(ex, name, version.Version);
            return new ScenarioRun(ScenarioRunStatus.Invalid, name, version, [], Describe(ex, name));
        }

        if (scenarios is null)
        {
            string withScenarios = string.Join(", ", scenarioFiles.ListRuleSetNames());
            return new ScenarioRun(
                ScenarioRunStatus.Completed, name, version, [],
                text["No scenarios ship for '{0}', so none ran. Rule sets with scenarios: {1}.", name, withScenarios]);
        }

        LogRunStarted(name, version.Version, scenarios.Count);
        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            // Each scenario is the law as it stood on its event date, so it runs under the version
            // in force then. Without one, it runs under the highest version, whose period check fails it.
            var inForce = scenario.Case.EventDate is { } day ? await ruleSets.GetInForceAsync(name, day, cancellationToken) : null;
            if (inForce is null || inForce.Version == version.Version)
            {
                results.Add(await ScenarioRunner.RunAsync(engine, compiled, scenario, cancellationToken));
                continue;
            }

            var result = await ScenarioRunner.RunAsync(engine, engine.Compile(inForce.Content), scenario, cancellationToken);
            results.Add(result with { Name = text["{0} (version {1}, in force on the event date)", result.Name, inForce.Version] });
        }

        var run = new ScenarioRun(ScenarioRunStatus.Completed, name, version, results, null);
        LogRunFinished(name, version.Version, run.PassedCount, run.FailedCount);
        return run;
    }

    private async Task<ScenarioRun> NotRunnableAsync(string name, CancellationToken cancellationToken)
    {
        var all = await ruleSets.ListAsync(cancellationToken);
        if (all.Any(r => r.Name == name))
        {
            return new ScenarioRun(
                ScenarioRunStatus.NoPublishedVersion, name, null, [],
                text["Rule set '{0}' has no published version to run its scenarios against; publish a version first.", name]);
        }

        string published = string.Join(", ", all.Where(r => r.PublishedVersion is not null).Select(r => r.Name));
        return new ScenarioRun(
            ScenarioRunStatus.RuleSetNotFound, name, null, [],
            text["No rule set is named '{0}'. Rule sets: {1}.", name, published]);
    }

    private async Task<RuleSetOverview> DescribeAsync(RuleSetSummary summary, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var published = summary.PublishedVersion is null ? null : await ruleSets.GetPublishedAsync(summary.Name, cancellationToken);
        RuleSetDocument? document = null;
        if (published is not null)
        {
            try
            {
                document = RuleSetParser.Parse(published.Content);
            }
            catch (RuleSetException ex)
            {
                LogVersionUnreadable(ex, summary.Name, published.Version);
                problems.Add(text["Version {0} cannot be parsed: {1}", published.Version, ex.Message]);
            }
        }

        int? scenarioCount = null;
        try
        {
            scenarioCount = ScenarioFiles.IsRuleSetName(summary.Name)
                ? (await scenarioFiles.LoadAsync(summary.Name, cancellationToken))?.Count
                : null;
        }
        catch (InvalidDataException ex)
        {
            LogScenariosUnreadable(ex, summary.Name);
            problems.Add(Describe(ex, summary.Name));
        }

        return new RuleSetOverview(summary, published, document, scenarioCount, problems);
    }

    /// <summary>
    /// Returns the message of a rule set that does not compile, which the engine words, or of a
    /// scenarios file that cannot be parsed, which <see cref="ScenarioFiles"/> throws with the parser's reason inside.
    /// </summary>
    private string Describe(Exception exception, string ruleSetName) => exception is InvalidDataException { InnerException: { } reason }
        ? text["The scenarios file {0} is invalid: {1}", ruleSetName + ScenarioFiles.FileSuffix, reason.Message]
        : exception.Message;

    [LoggerMessage(Level = LogLevel.Information, Message = "Running {ScenarioCount} scenario(s) of {RuleSet} v{Version}")]
    private partial void LogRunStarted(string ruleSet, int version, int scenarioCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scenarios of {RuleSet} v{Version}: {Passed} passed, {Failed} failed")]
    private partial void LogRunFinished(string ruleSet, int version, int passed, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Running the scenarios of {RuleSet} v{Version} failed")]
    private partial void LogRunFailed(Exception exception, string ruleSet, int version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Parsing published version {Version} of {RuleSet} failed")]
    private partial void LogVersionUnreadable(Exception exception, string ruleSet, int version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Parsing the scenarios file of {RuleSet} failed")]
    private partial void LogScenariosUnreadable(Exception exception, string ruleSet);
}
