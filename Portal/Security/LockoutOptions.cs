namespace PolicyEngine.Portal.Security;

/// <summary>Settings under <c>Lockout</c>: how many failed sign-ins lock an account, and for how long.</summary>
public sealed class LockoutOptions
{
    public const string SectionName = "Lockout";

    /// <summary>Failed sign-ins in a row that lock the account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>Minutes an account stays locked.</summary>
    public int LockoutMinutes { get; set; } = 15;
}
