using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Security;

/// <summary>The outcome of a sign-in attempt. <see cref="User"/> is set only on success.</summary>
public sealed record SignInOutcome(UserRecord? User, string? Message)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// Creates users, checks passwords with lock-out, and writes every sign-in attempt to the access log.
/// </summary>
public sealed partial class UserService(
    UserRepository users,
    AccessLogRepository accessLog,
    IPasswordHasher<UserRecord> passwordHasher,
    IOptions<LockoutOptions> lockout,
    TimeProvider timeProvider,
    IStringLocalizerFactory localizers,
    ILogger<UserService> logger)
{
    /// <summary>The English message for an unknown name, a disabled account or a wrong password. Sign-in shows it translated.</summary>
    public const string WrongCredentialsMessage = "The user name or password is wrong.";

    private readonly IStringLocalizer _text = localizers.Create(typeof(UserService));
    private readonly IStringLocalizer _credentialsText = localizers.Create(typeof(Credentials));

    // Verified when the name is unknown or disabled, so that the response takes as long as for a
    // real account and its timing does not reveal which names exist.
    private static readonly string UnknownUserHash =
        new PasswordHasher<UserRecord>().HashPassword(null!, "no account has this password");

    /// <summary>
    /// Checks and stores a new user. Returns the errors by field (Name, Role, Password), empty on success.
    /// </summary>
    public async Task<Dictionary<string, string>> CreateAsync(
        string? name, string? role, string? password, string createdBy, string? remoteAddress,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        string? storedRole = PortalRoles.Parse(role);
        if (Credentials.CheckName(name, _credentialsText) is { } nameError)
        {
            errors["Name"] = nameError;
        }

        if (storedRole is null)
        {
            errors["Role"] = _text["The role '{0}' is unknown: use one of {1}.", role ?? "", string.Join(", ", PortalRoles.All)];
        }

        if (Credentials.CheckPassword(password, _credentialsText) is { } passwordError)
        {
            errors["Password"] = passwordError;
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        string hash = passwordHasher.HashPassword(null!, password!);
        if (!await users.AddAsync(name!, storedRole!, hash, createdBy, cancellationToken))
        {
            errors["Name"] = _text["A user named '{0}' already exists: choose another name.", name!];
            return errors;
        }

        await accessLog.AddAsync(
            AccessEvents.UserCreated, name!, remoteAddress, $"role {storedRole}, created by {createdBy}", cancellationToken);
        LogUserCreated(logger, name!, storedRole!, createdBy);
        return errors;
    }

    /// <summary>
    /// Checks <paramref name="password"/> for the user <paramref name="name"/>. A wrong password
    /// counts towards the lock-out. A locked or disabled account is rejected even with the right one.
    /// </summary>
    public async Task<SignInOutcome> SignInAsync(
        string name, string password, string? remoteAddress, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var user = await users.GetAsync(name, cancellationToken);
        if (user is null || user.Disabled)
        {
            passwordHasher.VerifyHashedPassword(null!, UnknownUserHash, password);
            string reason = user is null ? "unknown user" : "account disabled";
            return await FailAsync(name, remoteAddress, reason, _text[WrongCredentialsMessage], cancellationToken);
        }

        if (user.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            return await FailAsync(
                user.Name, remoteAddress, "account locked", LockedMessage(lockedUntil), cancellationToken);
        }

        var verification = passwordHasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verification == PasswordVerificationResult.Failed)
        {
            return await RecordWrongPasswordAsync(user, remoteAddress, now, cancellationToken);
        }

        await users.ResetFailuresAsync(user.Name, cancellationToken);
        await accessLog.AddAsync(AccessEvents.SignIn, user.Name, remoteAddress, $"role {user.Role}", cancellationToken);
        return new SignInOutcome(user, null);
    }

    /// <summary>Disables or enables a user; enabling also ends a lock-out. Returns false when the user does not exist.</summary>
    public async Task<bool> SetDisabledAsync(
        string name, bool disabled, string changedBy, string? remoteAddress, CancellationToken cancellationToken)
    {
        if (!await users.SetDisabledAsync(name, disabled, cancellationToken))
        {
            return false;
        }

        string eventName = disabled ? AccessEvents.UserDisabled : AccessEvents.UserEnabled;
        await accessLog.AddAsync(eventName, name, remoteAddress, $"by {changedBy}", cancellationToken);
        return true;
    }

    private async Task<SignInOutcome> RecordWrongPasswordAsync(
        UserRecord user, string? remoteAddress, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = lockout.Value;
        var lockEnd = now.AddMinutes(options.LockoutMinutes);
        var lockedUntil = await users.RecordFailureAsync(user.Name, options.MaxFailedSignIns, lockEnd, cancellationToken);
        if (lockedUntil is null)
        {
            return await FailAsync(user.Name, remoteAddress, "wrong password", _text[WrongCredentialsMessage], cancellationToken);
        }

        await accessLog.AddAsync(
            AccessEvents.AccountLocked,
            user.Name,
            remoteAddress,
            $"{options.MaxFailedSignIns} failed sign-ins; locked until {StorageFormat.FormatTimestamp(lockedUntil.Value)}",
            cancellationToken);
        LogAccountLocked(logger, user.Name, options.MaxFailedSignIns, lockedUntil.Value);
        return await FailAsync(user.Name, remoteAddress, "wrong password", LockedMessage(lockedUntil.Value), cancellationToken);
    }

    private async Task<SignInOutcome> FailAsync(
        string name, string? remoteAddress, string reason, string message, CancellationToken cancellationToken)
    {
        await accessLog.AddAsync(AccessEvents.SignInFailed, name, remoteAddress, reason, cancellationToken);
        return new SignInOutcome(null, message);
    }

    private string LockedMessage(DateTimeOffset lockedUntil) => _text[
        "This account is locked after {0} failed sign-ins until {1} UTC. Try again then, or ask an admin to enable it.",
        lockout.Value.MaxFailedSignIns,
        lockedUntil.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)];

    [LoggerMessage(Level = LogLevel.Information, Message = "Created user {UserName} with role {Role}, by {CreatedBy}")]
    private static partial void LogUserCreated(ILogger logger, string userName, string role, string createdBy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Locked user {UserName} after {FailedCount} failed sign-ins until {LockedUntil}")]
    private static partial void LogAccountLocked(ILogger logger, string userName, int failedCount, DateTimeOffset lockedUntil);
}
