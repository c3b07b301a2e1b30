using Microsoft.AspNetCore.Localization;

namespace PolicyEngine.Portal.Localization;

/// <summary>
/// Picks the language set in the signed-in user's profile. Returns no result when the user has
/// none, so that the browser's Accept-Language decides.
/// </summary>
public sealed class ProfileRequestCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        string? language = SignedInUser.Get(httpContext)?.Language;
        return Task.FromResult(language is null ? null : new ProviderCultureResult(language));
    }
}
