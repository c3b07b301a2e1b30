using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Primitives;

namespace PolicyEngine.Portal.Localization;

/// <summary>
/// Reads the browser's Accept-Language like the framework's provider, and also takes a bare
/// "zh" as Simplified Chinese: zh-CN and zh-SG reach zh-Hans through their parent culture,
/// but "zh" is zh-Hans's parent, so it would otherwise fall through to English.
/// </summary>
public sealed class BrowserLanguageProvider : AcceptLanguageHeaderRequestCultureProvider
{
    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        if (await base.DetermineProviderCultureResult(httpContext) is not { } result)
        {
            return null;
        }

        var cultures = result.UICultures.Select(BareChineseAsSimplified).ToList();
        return new ProviderCultureResult(cultures, cultures);
    }

    private static StringSegment BareChineseAsSimplified(StringSegment culture) =>
        culture.Equals("zh", StringComparison.OrdinalIgnoreCase) ? PortalCultures.SimplifiedChinese : culture;
}
