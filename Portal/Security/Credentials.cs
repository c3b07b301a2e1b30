namespace PolicyEngine.Portal.Security;

/// <summary>Checks on user names and passwords. Each check returns a message naming the fix, or null when the value is valid.</summary>
public static class Credentials
{
    public const int MinPasswordLength = 12;

    /// <summary>Upper bound that keeps a pasted file from being hashed.</summary>
    public const int MaxPasswordLength = 256;

    public const int MaxNameLength = 64;

    public static string? CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Enter a user name.";
        }

        if (name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            return $"The user name '{Shorten(name)}' is invalid: use up to {MaxNameLength} letters, digits, '.', '-', '_' or '@'.";
        }

        return null;
    }

    public static string? CheckPassword(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "The password is empty: enter one of at least " + MinPasswordLength + " characters.";
        }

        if (password.Length < MinPasswordLength)
        {
            return $"The password has {password.Length} characters: use at least {MinPasswordLength}.";
        }

        if (password.Length > MaxPasswordLength)
        {
            return $"The password has {password.Length} characters: use at most {MaxPasswordLength}.";
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
