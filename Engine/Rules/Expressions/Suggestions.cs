namespace PolicyEngine.Engine.Rules.Expressions;

/// <summary>Finds the known name closest to a misspelt one, for error messages.</summary>
internal static class Suggestions
{
    /// <summary>
    /// Returns the candidate closest to <paramref name="name"/> by edit distance, ignoring case, or
    /// null when none is within a third of the name's length (at least 2 edits).
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = EditDistance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    /// <summary>Levenshtein distance: the fewest insertions, deletions and substitutions that turn one string into the other.</summary>
    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
