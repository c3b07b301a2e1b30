using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer KEY</c> with a stored API key. A missing or rejected key
/// gets 401 and a forbidden action 403, both as ProblemDetails in the request's language. Every use
/// and every rejection of a key goes to the access log, in English.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyService apiKeys,
    ApiKeyRepository keyRows,
    AccessLogRepository accessLog,
    TimeProvider timeProvider,
    IStringLocalizer<ApiKeyAuthenticationHandler> text)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Claim that records how the request was authenticated: "password" or "api-key".</summary>
    public const string MethodClaim = "policyengine:auth-method";

    private const string BearerPrefix = "Bearer ";

    // Authentication runs before the request's language is set, so the failure is kept as a
    // template and worded when the challenge is written.
    private ApiKeyFailure? _failure;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        string? remoteAddress = Context.Connection.RemoteIpAddress?.ToString();
        string request = $"{Request.Method} {Request.Path}";
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            _failure = new ApiKeyFailure("The Authorization header must read 'Bearer KEY'.");
            await accessLog.AddAsync(AccessEvents.ApiKeyRejected, "(no key)", remoteAddress, $"{request}: not a bearer token", Context.RequestAborted);
            return AuthenticateResult.Fail(_failure.English);
        }

        var check = await apiKeys.CheckAsync(header[BearerPrefix.Length..].Trim(), Context.RequestAborted);
        if (check.Record is not { } key)
        {
            _failure = check.Failure!;
            await accessLog.AddAsync(
                AccessEvents.ApiKeyRejected, check.KeyId ?? "(unknown key)", remoteAddress, $"{request}: {_failure.English}", Context.RequestAborted);
            LogKeyRejected(Logger, check.KeyId, _failure.English);
            return AuthenticateResult.Fail(_failure.English);
        }

        await keyRows.MarkUsedAsync(key.Id, timeProvider.GetUtcNow(), Context.RequestAborted);
        await accessLog.AddAsync(AccessEvents.ApiKeyUsed, key.Id, remoteAddress, request, Context.RequestAborted);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, $"api-key {key.Id}"),
                new Claim(ClaimTypes.Role, key.Role),
                new Claim(MethodClaim, "api-key"),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            text["Authentication required."],
            _failure?.Describe(text)
                ?? text["Send an API key in the header 'Authorization: Bearer KEY'. Admins create keys on the portal's API keys page."]);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        string role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        return WriteProblemAsync(
            StatusCodes.Status403Forbidden,
            text["Not allowed for this key's role."],
            text["An API key with the role '{0}' may not {1} {2}. Use a key whose role allows it; the README lists what each role may do.",
                role, Request.Method, Request.Path.Value ?? ""]);
    }

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected API key {KeyId}: {Reason}")]
    private static partial void LogKeyRejected(ILogger logger, string? keyId, string? reason);
}
