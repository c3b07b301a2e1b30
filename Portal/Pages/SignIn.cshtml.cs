using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Portal.Security;

namespace PolicyEngine.Portal.Pages;

/// <summary>Signs a user in with a name and password and issues the sign-in cookie.</summary>
public sealed class SignInModel(UserService users) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your user name.")]
    [Display(Name = "User name")]
    public string? Name { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    /// <summary>Local address to return to after signing in. Any other address is ignored.</summary>
    [BindProperty(SupportsGet = true, Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await users.SignInAsync(
            Name!.Trim(), Password!, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (outcome.User is not { } user)
        {
            ModelState.AddModelError(string.Empty, outcome.Message!);
            return Page();
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, user.Name),
                new Claim(ClaimTypes.Role, user.Role),
                new Claim(ApiKeyAuthenticationHandler.MethodClaim, "password"),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
