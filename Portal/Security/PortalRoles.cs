namespace PolicyEngine.Portal.Security;

/// <summary>The roles a user or an API key has. The database accepts only these names.</summary>
public static class PortalRoles
{
    /// <summary>Reads everything and edits and publishes rule sets.</summary>
    public const string Regulator = "regulator";

    /// <summary>Reads everything, submits cases, uploads evidence and verifies the audit log.</summary>
    public const string Auditor = "auditor";

    /// <summary>Manages users and API keys and reads the access log.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Regulator, Auditor, Admin];

    /// <summary>Returns the role's stored name for <paramref name="text"/> in any letter case, or null for an unknown role.</summary>
    public static string? Parse(string? text) =>
        All.FirstOrDefault(role => string.Equals(role, text?.Trim(), StringComparison.OrdinalIgnoreCase));
}
