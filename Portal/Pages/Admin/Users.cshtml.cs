using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages.Admin;

/// <summary>Lists users and lets an admin create, disable and enable them.</summary>
public sealed class UsersModel(
    UserRepository users, UserService userService, IStringLocalizer<UsersModel> text, IStringLocalizer<RoleText> roleNames) : PageModel
{
    public IReadOnlyList<UserRecord> Users { get; private set; } = [];

    [BindProperty]
    [Display(Name = "User name")]
    public string? Name { get; set; }

    [BindProperty]
    public string? Role { get; set; } = PortalRoles.Auditor;

    [BindProperty]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    public string? Notice { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Users = await users.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var errors = await userService.CreateAsync(
            Name?.Trim(), Role, Password, User.Identity!.Name!, RemoteAddress, cancellationToken);
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError(field, message);
        }

        if (errors.Count == 0)
        {
            Notice = text["Created user {0} with role {1}.", Name!.Trim(), RoleText.Name(roleNames, Role!)];
            Name = null;
        }

        // A password input never renders its value, so the password is not sent back after an error.
        Users = await users.ListAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostDisableAsync(string name, CancellationToken cancellationToken) =>
        SetDisabledAsync(name, true, cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(string name, CancellationToken cancellationToken) =>
        SetDisabledAsync(name, false, cancellationToken);

    private string? RemoteAddress => HttpContext.Connection.RemoteIpAddress?.ToString();

    private async Task<IActionResult> SetDisabledAsync(string name, bool disabled, CancellationToken cancellationToken)
    {
        if (disabled && string.Equals(name, User.Identity!.Name, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError(string.Empty, text["You cannot disable your own account. Ask another admin to do it."]);
        }
        else if (!await userService.SetDisabledAsync(name, disabled, User.Identity!.Name!, RemoteAddress, cancellationToken))
        {
            return NotFound();
        }
        else
        {
            Notice = disabled ? text["Disabled user {0}.", name] : text["Enabled user {0}.", name];
        }

        Users = await users.ListAsync(cancellationToken);
        return Page();
    }
}
