using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>Scheme that picks the API-key scheme or the cookie scheme for each request.</summary>
    public const string SelectorScheme = "PortalSelector";

    /// <summary>Default folder for the data-protection keys, relative to the working folder.</summary>
    public const string DefaultKeysFolder = "data/keys";

    /// <summary>
    /// Registers cookie sign-in for pages, Bearer API keys for <c>/api</c>, the role policies,
    /// lock-out settings and data-protection keys persisted to <c>DataProtection:KeysFolder</c>,
    /// so that sign-in cookies stay valid across restarts.
    /// </summary>
    public static IServiceCollection AddPortalSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LockoutOptions>()
            .Bind(configuration.GetSection(LockoutOptions.SectionName))
            .Validate(o => o.MaxFailedSignIns >= 1 && o.LockoutMinutes >= 1, "Lockout:MaxFailedSignIns and Lockout:LockoutMinutes must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<IPasswordHasher<UserRecord>, PasswordHasher<UserRecord>>();
        services.AddSingleton<UserService>();
        services.AddSingleton<ApiKeyService>();

        string keysFolder = Path.GetFullPath(configuration["DataProtection:KeysFolder"] ?? DefaultKeysFolder);
        // NOTE: on Linux the key files are stored unencrypted. Keep the folder readable by the
        // portal's account only.
        services.AddDataProtection()
            .SetApplicationName("PolicyEngine.Portal")
            .PersistKeysToFileSystem(new DirectoryInfo(keysFolder));

        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Cookie or API key", options =>
                options.ForwardDefaultSelector = SelectScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, ConfigureCookie)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPortalPolicies();
        return services;
    }

    /// <summary>Uses API keys under <c>/api</c> and for any request with a Bearer header, cookies elsewhere.</summary>
    private static string SelectScheme(HttpContext context)
    {
        string? authorization = context.Request.Headers.Authorization;
        bool bearer = authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true;
        return bearer || context.Request.Path.StartsWithSegments("/api")
            ? ApiKeyAuthenticationHandler.SchemeName
            : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "PolicyEngine.SignIn";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
        options.LoginPath = "/signin";
        options.LogoutPath = "/signout";
        options.ReturnUrlParameter = "returnUrl";
        options.Events.OnRedirectToLogin = context =>
        {
            // The export links are minimal-API endpoints, for which the framework returns 401
            // instead of redirecting. A person who follows one signed out should see the sign-in page.
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        };
        options.Events.OnRedirectToAccessDenied = context =>
        {
            // A plain 403, which the status-code pages turn into the portal's error page.
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
        options.Events.OnValidatePrincipal = ValidateUserAsync;
    }

    /// <summary>
    /// Ends the session of a user who has since been disabled or given another role, and keeps
    /// the account of everyone else for the request, whose profile sets language and time zone.
    /// </summary>
    private static async Task ValidateUserAsync(CookieValidatePrincipalContext context)
    {
        string? name = context.Principal?.Identity?.Name;
        string? role = context.Principal?.FindFirstValue(ClaimTypes.Role);
        var users = context.HttpContext.RequestServices.GetRequiredService<UserRepository>();
        var user = name is null ? null : await users.GetAsync(name, context.HttpContext.RequestAborted);
        if (user is null || user.Disabled || user.Role != role)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        Localization.SignedInUser.Set(context.HttpContext, user);
    }
}
