using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Localization;

/// <summary>
/// The account of the request's signed-in user, as the sign-in cookie check loaded it from the
/// database, so that a changed language or time zone applies from the next request on.
/// </summary>
public static class SignedInUser
{
    private static readonly object ItemKey = new();

    public static void Set(HttpContext context, UserRecord user) => context.Items[ItemKey] = user;

    /// <summary>Returns the signed-in user's account, or null for anonymous and API-key requests.</summary>
    public static UserRecord? Get(HttpContext context) => context.Items[ItemKey] as UserRecord;
}
