using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// Loads the rule sets that ship with the portal (<c>RuleSets/*.json</c> beside the program) into
/// the database. A file whose exact text no published version of its rule set has yet is
/// published as the next version. Published versions are never changed, and a case is decided by
/// the highest published version in force on its event date, so a changed file takes over from
/// its AppliesFrom while earlier events keep the versions that applied to them.
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
    /// Compiles every <c>*.json</c> file in the folder and publishes each one whose text is not yet
    /// a published version of its rule set. Throws <see cref="DirectoryNotFoundException"/> when the folder is missing and
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

        var stored = await _ruleSets.AddPublishedVersionIfNewAsync(
            compiled.Name, compiled.Document.Description, content, compiled.Sha256, PublishedBy, cancellationToken);
        if (stored is null)
        {
            LogAlreadyStored(compiled.Name, Path.GetFileName(file));
        }
        else if (stored.Version == 1)
        {
            LogLoaded(stored.RuleSetName, stored.Version, stored.Sha256, Path.GetFileName(file));
        }
        else
        {
            LogPublishedChangedFile(
                stored.RuleSetName, Path.GetFileName(file), stored.Version, stored.Sha256, compiled.Document.Period.Describe());
        }
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
        Message = "Default rule set {RuleSet} from {File} is already stored as a published version")]
    private partial void LogAlreadyStored(string ruleSet, string file);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Default rule set {RuleSet} in {File} differs from every published version, so it is published as "
            + "version {Version} ({Sha256}); it applies to events {Period}, except on days when a higher version also applies")]
    private partial void LogPublishedChangedFile(string ruleSet, string file, int version, string sha256, string period);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The default rule-set folder {Folder} contains no *.json files")]
    private partial void LogNoFiles(string folder);
}
