using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Primitives;

namespace PolicyEngine.Portal.Localization;

/// <summary>
/// Reads the browser's Accept-Language. It differs from the framework's provider in three ways:
/// a language with quality 0 ("not acceptable") is skipped, up to ten languages are tried
/// rather than three, and a bare "zh" counts as Simplified Chinese. zh-CN and zh-SG reach
/// zh-Hans through their parent culture, but "zh" is zh-Hans's parent, so it would otherwise
/// fall through to English.
/// </summary>
public sealed class BrowserLanguageProvider : RequestCultureProvider
{
    public const int MaxLanguagesTried = 10;

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var accepted = httpContext.Request.GetTypedHeaders().AcceptLanguage;
        var cultures = accepted
            .Where(language => language.Quality is not 0)
            .OrderByDescending(language => language.Quality ?? 1)
            .Take(MaxLanguagesTried)
            .Select(language => BareChineseAsSimplified(language.Value))
            .ToList();
        return Task.FromResult(cultures.Count == 0 ? null : new ProviderCultureResult(cultures, cultures));
    }

    private static StringSegment BareChineseAsSimplified(StringSegment culture) =>
        culture.Equals("zh", StringComparison.OrdinalIgnoreCase) ? PortalCultures.SimplifiedChinese : culture;
}
