using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PolicyEngine.Portal.Localization;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages;

/// <summary>Lets signed-in users choose their language and the time zone that times are shown in.</summary>
public sealed partial class ProfileModel(
    UserRepository users, IStringLocalizer<ProfileModel> text, ILogger<ProfileModel> logger) : PageModel
{
    /// <summary>Value of the language menu's first entry: follow the browser's language.</summary>
    public const string BrowserLanguage = "browser";

    [BindProperty]
    public string? Language { get; set; }

    [BindProperty]
    public string? TimeZone { get; set; }

    public bool Saved { get; private set; }

    public IReadOnlyList<string> Languages => PortalCultures.Supported;

    public IReadOnlyList<string> TimeZones => UserTime.KnownZones;

    public IActionResult OnGet()
    {
        // The sign-in cookie check has already loaded the account for this request.
        Saved = Request.Query.ContainsKey("saved");
        if (SignedInUser.Get(HttpContext) is not { } user)
        {
            return NotFound();
        }

        Language = user.Language ?? BrowserLanguage;
        TimeZone = user.TimeZone;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        string? language = Language == BrowserLanguage ? null : PortalCultures.Parse(Language);
        if (Language != BrowserLanguage && language is null)
        {
            ModelState.AddModelError(nameof(Language), text[
                "The language '{0}' is not supported: choose one from the list.", Shorten(Language)]);
        }

        string? zone = UserTime.KnownZones.FirstOrDefault(z => string.Equals(z, TimeZone?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (zone is null)
        {
            ModelState.AddModelError(nameof(TimeZone), text[
                "The time zone '{0}' is unknown: choose an IANA time zone from the list, such as Europe/Berlin or Asia/Shanghai.",
                Shorten(TimeZone)]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        string name = User.Identity!.Name!;
        if (!await users.SetPreferencesAsync(name, language, zone!, cancellationToken))
        {
            return NotFound();
        }

        LogPreferencesChanged(logger, name, language ?? BrowserLanguage, zone!);
        // Redirect, so that the next page is already shown in the new language and zone.
        return RedirectToPage(new { saved = true });
    }

    /// <summary>Returns at most the first 60 characters of a rejected value, so that a huge one is not echoed whole.</summary>
    private static string Shorten(string? value)
    {
        if (value is null)
        {
            return "";
        }

        return value.Length <= 60 ? value : value[..60] + "…";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserName} set language {Language} and time zone {TimeZone}")]
    private static partial void LogPreferencesChanged(ILogger logger, string userName, string language, string timeZone);
}
