using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace PolicyEngine.Portal.Security;

public static class AuthorizationServiceExtensions
{
    /// <summary>
    /// Evaluates one of the <see cref="PortalPolicies"/> for a user. Page handlers use it where a
    /// folder's policy admits more roles than one of the page's actions does, because Razor Pages
    /// ignore authorization attributes on handler methods.
    /// </summary>
    public static async Task<bool> IsAllowedAsync(this IAuthorizationService authorization, ClaimsPrincipal user, string policy) =>
        (await authorization.AuthorizeAsync(user, policy)).Succeeded;
}
