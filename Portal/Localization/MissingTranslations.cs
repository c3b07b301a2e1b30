using System.Collections.Concurrent;
using System.Globalization;

namespace PolicyEngine.Portal.Localization;

/// <summary>
/// Texts that were asked for in a language other than English and had no translation, so that
/// they were shown in English. Each is logged once; tests read the set to find gaps.
/// </summary>
public sealed partial class MissingTranslations(ILogger<MissingTranslations> logger)
{
    private readonly ConcurrentDictionary<(string Culture, string Resource, string Key), bool> _seen = new();

    public IReadOnlyCollection<(string Culture, string Resource, string Key)> All => _seen.Keys.ToList();

    public void Record(CultureInfo culture, string resource, string key)
    {
        if (culture.TwoLetterISOLanguageName == PortalCultures.English
            || culture.Equals(CultureInfo.InvariantCulture))
        {
            return;
        }

        if (_seen.TryAdd((culture.Name, resource, key), true))
        {
            LogMissing(logger, culture.Name, resource, key);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No {Culture} translation in {Resource} for \"{Key}\"; showing English")]
    private static partial void LogMissing(ILogger logger, string culture, string resource, string key);
}
