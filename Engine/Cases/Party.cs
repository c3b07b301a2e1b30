namespace PolicyEngine.Engine.Cases;

/// <summary>
/// A party to a liability case. The order of the members is the tie-break order of the
/// largest-remainder rounding.
/// </summary>
public enum Party
{
    Developer,
    Deployer,
    User,
    InjuredPerson,
}

public static class Parties
{
    /// <summary>All four parties in tie-break order.</summary>
    public static IReadOnlyList<Party> All { get; } =
        [Party.Developer, Party.Deployer, Party.User, Party.InjuredPerson];

    /// <summary>The parties that can be made liable to the injured person.</summary>
    public static IReadOnlyList<Party> Defendants { get; } =
        [Party.Developer, Party.Deployer, Party.User];

    /// <summary>Returns the name used in rule sets and JSON: developer, deployer, user, injured-person.</summary>
    public static string ToName(this Party party) => party switch
    {
        Party.Developer => "developer",
        Party.Deployer => "deployer",
        Party.User => "user",
        Party.InjuredPerson => "injured-person",
        _ => throw new ArgumentOutOfRangeException(nameof(party), party, "Unknown party."),
    };

    public static bool TryParse(string? name, out Party party)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.Ordinal))
            {
                party = candidate;
                return true;
            }
        }

        party = default;
        return false;
    }
}
