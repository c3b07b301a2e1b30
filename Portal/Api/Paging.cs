using System.Globalization;

namespace PolicyEngine.Portal.Api;

internal static class Paging
{
    /// <summary>Reads a portal page's page number: a whole number of 1 or more, or page 1 for anything else.</summary>
    public static int PageOrFirst(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number >= 1 ? number : 1;

    /// <summary>
    /// Parses a paging query value. Query strings are bound as text so that a bad value gets a
    /// message naming it rather than a binding failure.
    /// </summary>
    public static int Parse(string? text, string name, int min, int max, int fallback, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            string range = max == int.MaxValue ? $"{min} or more" : $"from {min} to {max}";
            errors[name] = [$"{name} must be a whole number {range}; got '{text}'."];
            return fallback;
        }

        return value;
    }
}
