using Microsoft.AspNetCore.Authorization;

namespace PolicyEngine.Portal.Security;

/// <summary>
/// Authorization policies, one per kind of action. Pages and endpoints name a policy, never a
/// role, so that the role table lives in <see cref="AddPortalPolicies"/> alone.
/// </summary>
public static class PortalPolicies
{
    /// <summary>Read decisions, evidence and rule sets, and run checks that store nothing.</summary>
    public const string ReadData = "read-data";

    /// <summary>Submit cases for decision and upload evidence.</summary>
    public const string SubmitCases = "submit-cases";

    /// <summary>Create, edit and publish rule-set drafts.</summary>
    public const string EditRuleSets = "edit-rule-sets";

    /// <summary>Walk and verify the decision hash chain.</summary>
    public const string VerifyAuditLog = "verify-audit-log";

    /// <summary>Manage users and API keys.</summary>
    public const string ManageUsers = "manage-users";

    /// <summary>Read the access log.</summary>
    public const string ReadAccessLog = "read-access-log";

    /// <summary>
    /// Adds the policies, and a fallback policy that requires a signed-in user, so that a page or
    /// endpoint added without a policy is never open to anonymous requests.
    /// </summary>
    public static AuthorizationBuilder AddPortalPolicies(this AuthorizationBuilder builder) =>
        builder
            .AddPolicy(ReadData, policy => policy.RequireRole(PortalRoles.Regulator, PortalRoles.Auditor))
            .AddPolicy(SubmitCases, policy => policy.RequireRole(PortalRoles.Auditor))
            .AddPolicy(EditRuleSets, policy => policy.RequireRole(PortalRoles.Regulator))
            .AddPolicy(VerifyAuditLog, policy => policy.RequireRole(PortalRoles.Auditor))
            .AddPolicy(ManageUsers, policy => policy.RequireRole(PortalRoles.Admin))
            .AddPolicy(ReadAccessLog, policy => policy.RequireRole(PortalRoles.Admin, PortalRoles.Auditor))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
}
