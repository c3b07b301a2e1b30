using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiffPlex;
using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Engine.Scenarios;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.RuleSets;

/// <summary>
/// Creates, edits, checks and publishes drafts of rule sets, for the rule-set pages and the API.
/// A draft's text is stored only when it compiles, and a draft is published only when every
/// scenario attached to it passes. Every change is written to the edit log with its actor.
/// </summary>
public sealed partial class RuleSetEditorService(
    RuleSetRepository ruleSets,
    RuleSetDraftRepository drafts,
    LiabilityEngine engine,
    ScenarioFiles scenarioFiles,
    IStringLocalizer<RuleSetEditorService> text,
    ILogger<RuleSetEditorService> logger)
{
    /// <summary>Longest rule-set or scenarios text accepted, in characters; the default rule sets are about 11,000.</summary>
    public const int MaxTextLength = 512 * 1024;

    /// <summary>Creates the next version of <paramref name="name"/> as a draft with the text of <paramref name="fromVersion"/>.</summary>
    public async Task<EditResult> CreateDraftAsync(string name, int fromVersion, string actor, CancellationToken cancellationToken)
    {
        var source = await ruleSets.GetVersionAsync(name, fromVersion, cancellationToken);
        if (source is null)
        {
            return EditResult.NotFound(await DescribeMissingAsync(name, fromVersion, cancellationToken));
        }

        var (scenarios, scenariosOrigin) = await ScenariosForCopyAsync(source, cancellationToken);
        string detail = $"Created from version {fromVersion} (SHA-256 {source.Sha256}); {scenariosOrigin}.";
        var draft = await drafts.CreateDraftAsync(
            name, null, source.Content, scenarios, actor, RuleSetEditActions.DraftCreated, detail, cancellationToken);
        LogDraftCreated(name, draft.Version, fromVersion, actor);
        return EditResult.Done(draft);
    }

    /// <summary>
    /// Replaces the text of draft <paramref name="version"/> with <paramref name="content"/> when it
    /// compiles and keeps the rule set's name. Otherwise nothing is stored and the problems are returned.
    /// </summary>
    public async Task<EditResult> SaveAsync(
        string name, int version, string content, string actor, CancellationToken cancellationToken)
    {
        var stored = await ruleSets.GetVersionAsync(name, version, cancellationToken);
        if (stored is null)
        {
            return EditResult.NotFound(await DescribeMissingAsync(name, version, cancellationToken));
        }

        if (stored.Status == RuleSetStatus.Published)
        {
            return EditResult.Conflict(stored, FrozenMessage(stored));
        }

        var (_, problems) = Check(content, name);
        if (problems.Count > 0)
        {
            LogSaveRejected(name, version, problems.Count);
            return EditResult.Invalid(stored, problems, text["Version {0} was not saved: the text has {1} problem(s). Fix them and save again.", version, problems.Count]);
        }

        if (content == stored.Content)
        {
            return EditResult.Done(stored, text["The text is unchanged, so nothing was saved."]);
        }

        var write = await drafts.SaveContentAsync(name, version, content, actor, DescribeChange(stored.Content, content), cancellationToken);
        if (write != DraftWriteResult.Written)
        {
            return EditResult.Conflict(stored, text[
                "Version {0} was published while you edited it, so the text was not saved. Create a new draft from it.", version]);
        }

        LogSaved(name, version, actor);
        return EditResult.Done((await ruleSets.GetVersionAsync(name, version, cancellationToken))!);
    }

    /// <summary>
    /// Attaches <paramref name="content"/>, a scenarios file for rule set <paramref name="name"/>, to
    /// draft <paramref name="version"/>, replacing the scenarios attached before.
    /// </summary>
    public async Task<EditResult> SaveScenariosAsync(
        string name, int version, string content, string actor, CancellationToken cancellationToken)
    {
        var stored = await ruleSets.GetVersionAsync(name, version, cancellationToken);
        if (stored is null)
        {
            return EditResult.NotFound(await DescribeMissingAsync(name, version, cancellationToken));
        }

        if (stored.Status == RuleSetStatus.Published)
        {
            return EditResult.Conflict(stored, FrozenMessage(stored));
        }

        var (scenarios, problem) = ParseScenarios(content, name);
        if (problem is not null)
        {
            return EditResult.Invalid(stored, [new EditorProblem(null, "$", null, problem)], text["The scenarios were not saved: {0}", problem]);
        }

        var previous = await drafts.GetScenariosAsync(name, version, cancellationToken);
        string detail = previous is null
            ? $"Attached {scenarios!.Count} scenario(s)."
            : $"Replaced the scenarios: {scenarios!.Count} now attached; {DescribeChange(previous.Content, content)}";
        if (await drafts.SaveScenariosAsync(name, version, content, actor, detail, cancellationToken) != DraftWriteResult.Written)
        {
            return EditResult.Conflict(stored, text[
                "Version {0} was published while you edited its scenarios, so they were not saved.", version]);
        }

        LogScenariosSaved(name, version, scenarios.Count, actor);
        return EditResult.Done(stored);
    }

    /// <summary>Runs the scenarios attached to <paramref name="version"/> against its text. Nothing is stored.</summary>
    public async Task<ScenarioRun> RunScenariosAsync(string name, int version, CancellationToken cancellationToken)
    {
        var stored = await ruleSets.GetVersionAsync(name, version, cancellationToken);
        if (stored is null)
        {
            return new ScenarioRun(
                ScenarioRunStatus.RuleSetNotFound, name, null, [], await DescribeMissingAsync(name, version, cancellationToken));
        }

        return (await RunAttachedAsync(stored, cancellationToken)).Run;
    }

    /// <summary>
    /// Publishes draft <paramref name="version"/> when its text compiles, at least one scenario is
    /// attached and every attached scenario passes. From then on the version is frozen.
    /// </summary>
    public async Task<EditResult> PublishAsync(string name, int version, string actor, CancellationToken cancellationToken)
    {
        var stored = await ruleSets.GetVersionAsync(name, version, cancellationToken);
        if (stored is null)
        {
            return EditResult.NotFound(await DescribeMissingAsync(name, version, cancellationToken));
        }

        if (stored.Status == RuleSetStatus.Published)
        {
            return EditResult.Conflict(stored, text["Version {0} of '{1}' is already published.", version, name]);
        }

        if (await ruleSets.GetPublishedAsync(name, cancellationToken) is { } newer && newer.Version > version)
        {
            return EditResult.Conflict(stored, text[
                "Version {0} of '{1}' is already published and newer than draft {2}. "
                + "Create a draft from version {2} to publish its text as version {3} or later.",
                newer.Version, name, version, newer.Version + 1]);
        }

        var (run, scenarios) = await RunAttachedAsync(stored, cancellationToken);
        var rejection = PublishRejection(run, version);
        if (rejection is not null)
        {
            LogPublishRejected(name, version, rejection.Value.Message);
            return rejection.Value.Result with { Run = run };
        }

        var write = await drafts.PublishAsync(name, version, stored.Sha256, scenarios!, actor, cancellationToken);
        if (write != DraftWriteResult.Written)
        {
            return EditResult.Conflict(stored, text[
                "Version {0} changed or was published while its scenarios ran, so it was not published. Run them again and publish.",
                version]) with { Run = run };
        }

        LogPublished(name, version, stored.Sha256, actor);
        return EditResult.Done((await ruleSets.GetVersionAsync(name, version, cancellationToken))!) with { Run = run };
    }

    /// <summary>
    /// Stores <paramref name="content"/> as a new draft of the rule set its WorkflowName names, when
    /// it compiles. A rule set that does not exist yet is created with the text's Description.
    /// </summary>
    public async Task<EditResult> ImportAsync(string content, string? fileName, string actor, CancellationToken cancellationToken)
    {
        var (compiled, problems) = Check(content, null);
        if (compiled is null)
        {
            return EditResult.Invalid(null, problems, text[
                "The file was not imported: it has {0} problem(s). Fix them and upload it again.", problems.Count]);
        }

        string source = fileName is null ? "the request body" : $"file {fileName}";
        string detail = $"Imported from {source} with {compiled.Document.Rules.Count} rule(s) (SHA-256 {compiled.Sha256}).";
        var draft = await drafts.CreateDraftAsync(
            compiled.Name, compiled.Document.Description, content, null, actor, RuleSetEditActions.Imported, detail, cancellationToken);
        LogImported(compiled.Name, draft.Version, actor);
        return EditResult.Done(draft);
    }

    /// <summary>
    /// Compiles <paramref name="content"/> and returns it compiled, or the problems found with their
    /// lines. When <paramref name="expectedName"/> is given, the text's WorkflowName must equal it.
    /// </summary>
    public (CompiledRuleSet? Compiled, IReadOnlyList<EditorProblem> Problems) Check(string content, string? expectedName)
    {
        if (content.Length > MaxTextLength)
        {
            return (null, [new EditorProblem(null, "$", null, text[
                "The text has {0} characters, more than the {1} accepted. Split the rule set or remove unused rules.",
                content.Length, MaxTextLength])]);
        }

        var locator = JsonLineLocator.Index(content);
        CompiledRuleSet compiled;
        try
        {
            compiled = engine.Compile(content);
        }
        catch (RuleSetException ex)
        {
            var problems = ex.Problems
                .Select(p => new EditorProblem(p.RuleName, p.Path, Line(p.Path), p.Message))
                .OrderBy(p => p.Line ?? int.MaxValue)
                .ToList();
            return (null, problems);
        }

        if (expectedName is not null && compiled.Name != expectedName)
        {
            return (null, [new EditorProblem(null, "$.WorkflowName", locator.LineOf("$.WorkflowName"), text[
                "The WorkflowName is '{0}', but this is a version of rule set '{1}'. "
                + "Set it back to '{1}', or import the text as a rule set of its own.",
                compiled.Name, expectedName])]);
        }

        return (compiled, []);

        int? Line(string path) => path == "$" && locator.SyntaxErrorLine is { } line ? line : locator.LineOf(path);
    }

    /// <summary>The run of the scenarios attached to <paramref name="version"/>, and their text.</summary>
    private async Task<(ScenarioRun Run, string? Scenarios)> RunAttachedAsync(RuleSetVersion version, CancellationToken cancellationToken)
    {
        var attached = await drafts.GetScenariosAsync(version.RuleSetName, version.Version, cancellationToken);
        if (attached is null)
        {
            return (new ScenarioRun(ScenarioRunStatus.Completed, version.RuleSetName, version, [],
                text["No scenarios are attached to version {0}. Attach at least one, in the format of the scenarios files under rulesets/scenarios.",
                    version.Version]), null);
        }

        var (scenarios, problem) = ParseScenarios(attached.Content, version.RuleSetName);
        CompiledRuleSet compiled;
        try
        {
            compiled = problem is null ? engine.Compile(version.Content) : throw new InvalidDataException(problem);
        }
        catch (Exception ex) when (ex is RuleSetException or InvalidDataException)
        {
            return (new ScenarioRun(ScenarioRunStatus.Invalid, version.RuleSetName, version, [], ex.Message), attached.Content);
        }

        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios!)
        {
            results.Add(await ScenarioRunner.RunAsync(engine, compiled, scenario, cancellationToken));
        }

        var run = new ScenarioRun(ScenarioRunStatus.Completed, version.RuleSetName, version, results,
            results.Count == 0 ? text["The scenarios attached to version {0} list none. Add at least one.", version.Version].Value : null);
        LogScenariosRan(version.RuleSetName, version.Version, run.PassedCount, run.FailedCount);
        return (run, attached.Content);
    }

    private (EditResult Result, string Message)? PublishRejection(ScenarioRun run, int version)
    {
        if (run.Status == ScenarioRunStatus.Invalid)
        {
            string message = text["Version {0} was not published: {1}", version, run.Message!];
            return (EditResult.Invalid(run.Version, [new EditorProblem(null, "$", null, run.Message!)], message), message);
        }

        if (run.Results.Count == 0)
        {
            string message = text["Version {0} was not published: {1}", version, run.Message!];
            return (EditResult.Conflict(run.Version, message), message);
        }

        if (run.FailedCount > 0)
        {
            var failed = run.Results.Where(r => !r.Passed).Select(r => $"{r.Name} ({string.Join("; ", r.Failures)})");
            string message = text[
                "Version {0} was not published: {1} of {2} scenario(s) failed: {3}. Fix the rules or the scenarios, then publish again.",
                version, run.FailedCount, run.Results.Count, string.Join(", ", failed)];
            return (EditResult.Conflict(run.Version, message), message);
        }

        return null;
    }

    /// <summary>Parses a scenarios file and checks that it is written for <paramref name="ruleSetName"/>.</summary>
    private (IReadOnlyList<Scenario>? Scenarios, string? Problem) ParseScenarios(string content, string ruleSetName)
    {
        if (content.Length > MaxTextLength)
        {
            return (null, text["The scenarios text has {0} characters, more than the {1} accepted.", content.Length, MaxTextLength]);
        }

        IReadOnlyList<Scenario> scenarios;
        try
        {
            scenarios = ScenarioRunner.Parse(content);
        }
        catch (FormatException ex)
        {
            return (null, text["{0} Use the format of the scenarios files under rulesets/scenarios.", ex.Message]);
        }

        string? named = (JsonNode.Parse(content) as JsonObject)?["ruleSet"] is JsonValue value && value.TryGetValue(out string? ruleSet) ? ruleSet : null;
        if (named != ruleSetName)
        {
            return (null, text["The scenarios file names rule set '{0}' in \"ruleSet\"; set it to '{1}'.", named ?? text["(none)"].Value, ruleSetName]);
        }

        return (scenarios, null);
    }

    /// <summary>
    /// Picks the scenarios a new draft starts with: those attached to the version it copies, or
    /// else the scenarios file that ships with the rule set.
    /// </summary>
    private async Task<(string? Scenarios, string Origin)> ScenariosForCopyAsync(RuleSetVersion source, CancellationToken cancellationToken)
    {
        if (await drafts.GetScenariosAsync(source.RuleSetName, source.Version, cancellationToken) is { } attached)
        {
            return (attached.Content, $"scenarios copied from version {source.Version}");
        }

        string path = Path.Combine(scenarioFiles.Folder, source.RuleSetName + ScenarioFiles.FileSuffix);
        if (ScenarioFiles.IsRuleSetName(source.RuleSetName) && File.Exists(path))
        {
            string shipped = await File.ReadAllTextAsync(path, cancellationToken);
            if (ParseScenarios(shipped, source.RuleSetName).Problem is null)
            {
                return (shipped, $"scenarios copied from {source.RuleSetName}{ScenarioFiles.FileSuffix}");
            }
        }

        return (null, "no scenarios attached");
    }

    private async Task<string> DescribeMissingAsync(string name, int version, CancellationToken cancellationToken)
    {
        var versions = await ruleSets.ListVersionsAsync(name, cancellationToken);
        if (versions.Count == 0)
        {
            var names = (await ruleSets.ListAsync(cancellationToken)).Select(r => r.Name);
            return text["No rule set is named '{0}'. Rule sets: {1}.", name, string.Join(", ", names)];
        }

        return text["Rule set '{0}' has no version {1}. Versions: {2}.", name, version, string.Join(", ", versions.Select(v => v.Version))];
    }

    private string FrozenMessage(RuleSetVersion version) => text[
        "Version {0} of '{1}' was published on {2} UTC and is frozen. Create a draft from it and edit the draft.",
        version.Version,
        version.RuleSetName,
        version.PublishedAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)];

    /// <summary>Counts the lines removed and added between two texts, for the edit log.</summary>
    private static string DescribeChange(string before, string after)
    {
        var diff = Differ.Instance.CreateLineDiffs(before, after, ignoreWhitespace: false);
        int removed = diff.DiffBlocks.Sum(b => b.DeleteCountA);
        int added = diff.DiffBlocks.Sum(b => b.InsertCountB);
        return $"{removed} line(s) removed, {added} line(s) added.";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} created draft {RuleSet} v{Version} from v{FromVersion}")]
    private partial void LogDraftCreated(string ruleSet, int version, int fromVersion, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} saved draft {RuleSet} v{Version}")]
    private partial void LogSaved(string ruleSet, int version, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft {RuleSet} v{Version} not saved: {ProblemCount} problem(s)")]
    private partial void LogSaveRejected(string ruleSet, int version, int problemCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} attached {ScenarioCount} scenario(s) to draft {RuleSet} v{Version}")]
    private partial void LogScenariosSaved(string ruleSet, int version, int scenarioCount, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scenarios of {RuleSet} v{Version}: {Passed} passed, {Failed} failed")]
    private partial void LogScenariosRan(string ruleSet, int version, int passed, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} published {RuleSet} v{Version} ({Sha256})")]
    private partial void LogPublished(string ruleSet, int version, string sha256, string actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {RuleSet} v{Version} rejected: {Reason}")]
    private partial void LogPublishRejected(string ruleSet, int version, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} imported {RuleSet} as draft v{Version}")]
    private partial void LogImported(string ruleSet, int version, string actor);
}
