using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Localization;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Security;

/// <summary>A key just created: <see cref="Key"/> is the only copy of the secret and is shown once.</summary>
public sealed record NewApiKey(ApiKeyRecord Record, string Key);

/// <summary>The result of checking a presented key: the key's row, or why it was rejected.</summary>
public sealed record ApiKeyCheck(ApiKeyRecord? Record, string? KeyId, ApiKeyFailure? Failure);

/// <summary>
/// Why a presented key was rejected, as an English message template and its arguments, so that
/// the access log stores it in English and the response shows it in the request's language.
/// </summary>
public sealed record ApiKeyFailure(string Template, params object[] Arguments)
{
    public string English => string.Format(CultureInfo.InvariantCulture, Template, Arguments);

    /// <summary>Returns the message from <paramref name="text"/>, which looks it up in the request's language.</summary>
    public string Describe(IStringLocalizer text) => text[Template, Arguments];
}

/// <summary>
/// Creates, checks and revokes API keys. A key reads <c>pek_ID_SECRET</c>: the id finds the row
/// and the secret is 32 random bytes in base64url, so the SHA-256 of the key identifies it safely.
/// </summary>
public sealed class ApiKeyService(
    ApiKeyRepository keys, AccessLogRepository accessLog, TimeProvider timeProvider, IStringLocalizer<ApiKeyService> text)
{
    public const string Prefix = "pek_";

    public const int MaxLifetimeDays = 366;

    public const int MaxDescriptionLength = 100;

    /// <summary>
    /// Checks the inputs and creates a key. Returns the errors by field (Description, Role,
    /// ExpiresInDays) and a null key when any is invalid.
    /// </summary>
    public async Task<(NewApiKey? Key, Dictionary<string, string> Errors)> CreateAsync(
        string? description, string? role, int? expiresInDays, string createdBy, string? remoteAddress,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        string? storedRole = PortalRoles.Parse(role);
        if (string.IsNullOrWhiteSpace(description) || description.Length > MaxDescriptionLength)
        {
            errors["Description"] = text["Describe who uses the key in 1 to {0} characters.", MaxDescriptionLength];
        }
        else if (description.Any(char.IsControl))
        {
            // The description is shown on pages and in the access log, where a control character
            // such as ESC could disturb a terminal that prints the log.
            errors["Description"] = text["The description contains a control character; use visible text only."];
        }

        if (storedRole is null)
        {
            errors["Role"] = text["The role '{0}' is unknown: use one of {1}.", role ?? "", string.Join(", ", PortalRoles.All)];
        }

        if (expiresInDays is not (>= 1 and <= MaxLifetimeDays))
        {
            errors["ExpiresInDays"] = text[
                "The lifetime '{0}' is invalid: enter a whole number of days from 1 to {1}.", expiresInDays?.ToString(CultureInfo.InvariantCulture) ?? "", MaxLifetimeDays];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        string key = Prefix + id + "_" + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var expiresAt = timeProvider.GetUtcNow().AddDays(expiresInDays!.Value);
        await keys.AddAsync(id, description!.Trim(), storedRole!, Hash(key), expiresAt, createdBy, cancellationToken);
        await accessLog.AddAsync(
            AccessEvents.ApiKeyCreated, id, remoteAddress, $"role {storedRole}, created by {createdBy}", cancellationToken);
        var record = await keys.GetAsync(id, cancellationToken);
        return (new NewApiKey(record!, key), errors);
    }

    /// <summary>Finds the key's row and checks that it matches, is not revoked and has not expired.</summary>
    public async Task<ApiKeyCheck> CheckAsync(string key, CancellationToken cancellationToken)
    {
        string? id = ParseId(key);
        if (id is null)
        {
            return new ApiKeyCheck(null, null, new ApiKeyFailure("The bearer token is not a PolicyEngine API key, which starts with '{0}'.", Prefix));
        }

        var record = await keys.GetAsync(id, cancellationToken);
        if (record is null || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(record.KeySha256), Encoding.ASCII.GetBytes(Hash(key))))
        {
            return new ApiKeyCheck(null, id, new ApiKeyFailure("The API key is not valid. Check that it was copied whole."));
        }

        if (record.RevokedAt is { } revokedAt)
        {
            return new ApiKeyCheck(null, id, new ApiKeyFailure(
                "The API key {0} was revoked at {1} UTC. Ask an admin for a new key.", id, FormatUtc(revokedAt)));
        }

        if (record.ExpiresAt <= timeProvider.GetUtcNow())
        {
            return new ApiKeyCheck(null, id, new ApiKeyFailure(
                "The API key {0} expired at {1} UTC. Ask an admin for a new key.", id, FormatUtc(record.ExpiresAt)));
        }

        return new ApiKeyCheck(record, id, null);
    }

    /// <summary>Revokes a key. Returns false when no unrevoked key has that id.</summary>
    public async Task<bool> RevokeAsync(string id, string revokedBy, string? remoteAddress, CancellationToken cancellationToken)
    {
        if (!await keys.RevokeAsync(id, revokedBy, cancellationToken))
        {
            return false;
        }

        await accessLog.AddAsync(AccessEvents.ApiKeyRevoked, id, remoteAddress, $"by {revokedBy}", cancellationToken);
        return true;
    }

    /// <summary>Returns the lowercase hex SHA-256 of the key, the form the database stores.</summary>
    public static string Hash(string key) => StorageFormat.Sha256Hex(key);

    private static string FormatUtc(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string? ParseId(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        int separator = key.IndexOf('_', Prefix.Length);
        return separator > Prefix.Length ? key[Prefix.Length..separator] : null;
    }
}
