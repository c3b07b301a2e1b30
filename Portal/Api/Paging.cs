using System.Globalization;
using Microsoft.Extensions.Localization;

namespace PolicyEngine.Portal.Api;

internal static class Paging
{
    /// <summary>Reads a portal page's page number: a whole number of 1 or more, or page 1 for anything else.</summary>
    public static int PageOrFirst(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number >= 1 ? number : 1;

    /// <summary>Returns the localizer of the paging messages.</summary>
    public static IStringLocalizer Localizer(IStringLocalizerFactory factory) => factory.Create(typeof(Paging));

    /// <summary>
    /// Parses a paging query value. Query strings are bound as text so that a bad value gets a
    /// message naming it rather than a binding failure. <paramref name="text"/> words the message
    /// in the request's language; <see cref="Localizer"/> returns it.
    /// </summary>
    public static int Parse(
        string? input, string name, int min, int max, int fallback, Dictionary<string, string[]> errors, IStringLocalizer text)
    {
        if (input is null)
        {
            return fallback;
        }

        if (!int.TryParse(input, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            errors[name] = [max == int.MaxValue
                ? text["{0} must be a whole number {1} or more; got '{2}'.", name, min, input]
                : text["{0} must be a whole number from {1} to {2}; got '{3}'.", name, min, max, input]];
            return fallback;
        }

        return value;
    }
}
