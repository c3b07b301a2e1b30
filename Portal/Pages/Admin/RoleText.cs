using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;
using PolicyEngine.Portal.Security;

namespace PolicyEngine.Portal.Pages.Admin;

/// <summary>
/// Translates the stored role names for the admin pages, whose views inject it as
/// <c>IStringLocalizer&lt;RoleText&gt;</c>. The stored name stays the value that forms send, so
/// only what the user reads changes with the language.
/// </summary>
public sealed class RoleText
{
    private RoleText()
    {
    }

    /// <summary>Returns the role's name in the request's language, or <paramref name="role"/> itself for an unknown role.</summary>
    public static string Name(IStringLocalizer<RoleText> text, string role) =>
        PortalRoles.Parse(role) is { } known ? text[known] : role;

    /// <summary>The role menu: each stored role name as the value, shown in the request's language.</summary>
    public static IReadOnlyList<SelectListItem> Options(IStringLocalizer<RoleText> text, string? selected) => PortalRoles.All
        .Select(role => new SelectListItem(Name(text, role), role, string.Equals(role, selected, StringComparison.OrdinalIgnoreCase)))
        .ToList();
}
