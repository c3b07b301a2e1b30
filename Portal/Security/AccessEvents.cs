namespace PolicyEngine.Portal.Security;

/// <summary>Event names written to the access log.</summary>
public static class AccessEvents
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";
    public const string AccountLocked = "account-locked";
    public const string ApiKeyUsed = "api-key-used";
    public const string ApiKeyRejected = "api-key-rejected";
    public const string ApiKeyCreated = "api-key-created";
    public const string ApiKeyRevoked = "api-key-revoked";
    public const string UserCreated = "user-created";
    public const string UserDisabled = "user-disabled";
    public const string UserEnabled = "user-enabled";

    /// <summary>A list of decisions or other records was downloaded.</summary>
    public const string Export = "export";

    public static IReadOnlyList<string> All { get; } =
    [
        SignIn, SignInFailed, SignOut, AccountLocked, ApiKeyUsed, ApiKeyRejected, ApiKeyCreated,
        ApiKeyRevoked, UserCreated, UserDisabled, UserEnabled, Export,
    ];
}
