using System.Globalization;
using Microsoft.Extensions.Localization;

namespace PolicyEngine.Portal.Localization;

/// <summary>
/// Wraps the .resx localizer factory so that every text without a translation in the request's
/// language is reported to <see cref="MissingTranslations"/> before English is shown.
/// </summary>
public sealed class ReportingStringLocalizerFactory(
    ResourceManagerStringLocalizerFactory inner, MissingTranslations missing) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) =>
        new ReportingStringLocalizer(inner.Create(resourceSource), resourceSource.FullName ?? resourceSource.Name, missing);

    public IStringLocalizer Create(string baseName, string location) =>
        new ReportingStringLocalizer(inner.Create(baseName, location), baseName, missing);

    private sealed class ReportingStringLocalizer(IStringLocalizer inner, string resource, MissingTranslations missing)
        : IStringLocalizer
    {
        public LocalizedString this[string name] => Report(inner[name]);

        public LocalizedString this[string name, params object[] arguments] => Report(inner[name, arguments]);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
            inner.GetAllStrings(includeParentCultures);

        private LocalizedString Report(LocalizedString text)
        {
            if (text.ResourceNotFound)
            {
                missing.Record(CultureInfo.CurrentUICulture, resource, text.Name);
            }

            return text;
        }
    }
}
