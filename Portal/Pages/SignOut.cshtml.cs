using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages;

/// <summary>Signs the user out. Only a form post signs out, so that a link cannot end a session.</summary>
public sealed class SignOutModel(AccessLogRepository accessLog) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        string name = User.Identity?.Name ?? "(anonymous)";
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await accessLog.AddAsync(
            AccessEvents.SignOut, name, HttpContext.Connection.RemoteIpAddress?.ToString(), null, cancellationToken);
        return Redirect("/");
    }
}
