using System.Globalization;
using Microsoft.Extensions.Localization;

namespace PolicyEngine.Portal.Security;

/// <summary>
/// Checks on user names and passwords. Each check returns a message naming the fix, or null when
/// the value is valid. The message is looked up in <c>text</c>, the resource of this class, when
/// given, and is English otherwise.
/// </summary>
public static class Credentials
{
    public const int MinPasswordLength = 12;

    /// <summary>Upper bound that keeps a pasted file from being hashed.</summary>
    public const int MaxPasswordLength = 256;

    public const int MaxNameLength = 64;

    public static string? CheckName(string? name, IStringLocalizer? text = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Message(text, "Enter a user name.");
        }

        if (name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            return Message(text, "The user name '{0}' is invalid: use up to {1} letters, digits, '.', '-', '_' or '@'.", Shorten(name), MaxNameLength);
        }

        return null;
    }

    public static string? CheckPassword(string? password, IStringLocalizer? text = null)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Message(text, "The password is empty: enter one of at least {0} characters.", MinPasswordLength);
        }

        if (password.Length < MinPasswordLength)
        {
            return Message(text, "The password has {0} characters: use at least {1}.", password.Length, MinPasswordLength);
        }

        if (password.Length > MaxPasswordLength)
        {
            return Message(text, "The password has {0} characters: use at most {1}.", password.Length, MaxPasswordLength);
        }

        return null;
    }

    private static string Message(IStringLocalizer? text, string template, params object[] arguments) =>
        text is null ? string.Format(CultureInfo.InvariantCulture, template, arguments) : text[template, arguments];

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
