using System.Globalization;

namespace PolicyEngine.Engine.Tests.Localization;

/// <summary>Sets the current UI culture (and optionally the formatting culture) until disposed, then restores both.</summary>
internal sealed class UiCulture : IDisposable
{
    private readonly CultureInfo _previousUi = CultureInfo.CurrentUICulture;
    private readonly CultureInfo _previous = CultureInfo.CurrentCulture;

    public UiCulture(string uiCulture, string? formattingCulture = null)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(uiCulture);
        if (formattingCulture is not null)
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(formattingCulture);
        }
    }

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = _previousUi;
        CultureInfo.CurrentCulture = _previous;
    }
}
