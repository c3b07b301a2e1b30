using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// Loads the rule sets that ship with the portal (<c>RuleSets/*.json</c> beside the program)
/// into the database as published version 1, once. A rule set that already exists, under the
/// same name, is left as it is, so versions published later are never replaced.
/// </summary>
public sealed partial class DefaultRuleSetSeeder
{
    public const string PublishedBy = "system";

    private readonly RuleSetRepository _ruleSets;
    private readonly LiabilityEngine _engine;
    private readonly ILogger<DefaultRuleSetSeeder> _logger;
    private readonly string _folder;

    /// <param name="folder">Folder of the rule-set files; null for <see cref="DefaultFolder"/>.</param>
    public DefaultRuleSetSeeder(
        RuleSetRepository ruleSets, LiabilityEngine engine, ILogger<DefaultRuleSetSeeder> logger, string? folder = null)
    {
        _ruleSets = ruleSets;
        _engine = engine;
        _logger = logger;
        _folder = folder ?? DefaultFolder;
    }

    /// <summary>The <c>RuleSets</c> folder beside the program, where the build copies <c>rulesets/*.json</c>.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "RuleSets");

    /// <summary>
    /// Compiles every <c>*.json</c> file in the folder and stores each rule set that does not exist
    /// yet. Throws <see cref="DirectoryNotFoundException"/> when the folder is missing and
    /// <see cref="InvalidOperationException"/>, naming the file, when a rule set does not compile.
    /// </summary>
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_folder))
        {
            throw new DirectoryNotFoundException(
                $"The default rule-set folder '{_folder}' does not exist. "
                + "Build or publish the portal so that rulesets/*.json is copied there.");
        }

        var files = Directory.GetFiles(_folder, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            LogNoFiles(_folder);
        }

        foreach (string file in files)
        {
            await SeedFileAsync(file, cancellationToken);
        }
    }

    private async Task SeedFileAsync(string file, CancellationToken cancellationToken)
    {
        string content = await File.ReadAllTextAsync(file, cancellationToken);
        var compiled = Compile(file, content);

        var stored = await _ruleSets.AddFirstVersionIfMissingAsync(
            compiled.Name, compiled.Document.Description, content, compiled.Sha256, PublishedBy, cancellationToken);
        if (stored is null)
        {
            await ReportExistingAsync(compiled, Path.GetFileName(file), cancellationToken);
            return;
        }

        LogLoaded(stored.RuleSetName, stored.Version, stored.Sha256, Path.GetFileName(file));
    }

    /// <summary>
    /// Warns when the shipped file differs from the published version in force: published versions
    /// are frozen, so editing the file changes nothing in a database that already has the rule set.
    /// </summary>
    private async Task ReportExistingAsync(CompiledRuleSet compiled, string file, CancellationToken cancellationToken)
    {
        var published = await _ruleSets.GetPublishedAsync(compiled.Name, cancellationToken);
        if (published is not null && published.Sha256 != compiled.Sha256)
        {
            LogFileDiffers(compiled.Name, file, compiled.Sha256, published.Version, published.Sha256);
            return;
        }

        LogAlreadyStored(compiled.Name, file);
    }

    private CompiledRuleSet Compile(string file, string content)
    {
        try
        {
            return _engine.Compile(content);
        }
        catch (RuleSetException ex)
        {
            throw new InvalidOperationException(
                $"The default rule set in '{Path.GetFileName(file)}' ({file}) is invalid. "
                + $"Fix the file and start again. {ex.Message}",
                ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Loaded default rule set {RuleSet} as version {Version} ({Sha256}) from {File}")]
    private partial void LogLoaded(string ruleSet, int version, string sha256, string file);

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "Default rule set {RuleSet} from {File} is already stored; left as it is")]
    private partial void LogAlreadyStored(string ruleSet, string file);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Default rule set {RuleSet} in {File} ({FileSha256}) differs from published version {Version} ({Sha256}), "
            + "which stays in force; published versions are never changed")]
    private partial void LogFileDiffers(string ruleSet, string file, string fileSha256, int version, string sha256);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The default rule-set folder {Folder} contains no *.json files")]
    private partial void LogNoFiles(string folder);
}
