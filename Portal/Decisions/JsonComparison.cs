using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PolicyEngine.Portal.Decisions;

/// <summary>
/// Deep comparison of two JSON documents that lists every differing value with its JSONPath, such
/// as <c>$.shares[1].amount</c>.
/// </summary>
public static partial class JsonComparison
{
    /// <summary>
    /// Lists where <paramref name="stored"/> and <paramref name="recomputed"/> differ, in document
    /// order. Object members are matched by name in any order and array items by position. Two
    /// numbers are equal when they have the same decimal value, so <c>1.5</c> equals <c>1.50</c>;
    /// numbers outside the range of <see cref="decimal"/> are compared as doubles, and beyond that as
    /// text. Where the kinds differ, or a member or item exists on one side only, the whole value
    /// is one difference.
    /// </summary>
    public static IReadOnlyList<JsonDifferenceDto> Compare(JsonElement stored, JsonElement recomputed)
    {
        var differences = new List<JsonDifferenceDto>();
        CompareAt("$", stored, recomputed, differences);
        return differences;
    }

    private static void CompareAt(string path, JsonElement stored, JsonElement recomputed, List<JsonDifferenceDto> differences)
    {
        if (stored.ValueKind == JsonValueKind.Object && recomputed.ValueKind == JsonValueKind.Object)
        {
            CompareObjects(path, stored, recomputed, differences);
        }
        else if (stored.ValueKind == JsonValueKind.Array && recomputed.ValueKind == JsonValueKind.Array)
        {
            CompareArrays(path, stored, recomputed, differences);
        }
        else if (!ScalarsEqual(stored, recomputed))
        {
            differences.Add(new JsonDifferenceDto(path, stored.Clone(), recomputed.Clone()));
        }
    }

    private static void CompareObjects(string path, JsonElement stored, JsonElement recomputed, List<JsonDifferenceDto> differences)
    {
        // A repeated member name keeps its last value, as System.Text.Json does when it reads into a type.
        var storedMembers = Members(stored);
        var recomputedMembers = Members(recomputed);
        foreach (var (name, storedValue) in storedMembers)
        {
            string memberPath = MemberPath(path, name);
            if (recomputedMembers.TryGetValue(name, out var recomputedValue))
            {
                CompareAt(memberPath, storedValue, recomputedValue, differences);
            }
            else
            {
                differences.Add(new JsonDifferenceDto(memberPath, storedValue.Clone(), null));
            }
        }

        foreach (var (name, recomputedValue) in recomputedMembers)
        {
            if (!storedMembers.ContainsKey(name))
            {
                differences.Add(new JsonDifferenceDto(MemberPath(path, name), null, recomputedValue.Clone()));
            }
        }
    }

    private static void CompareArrays(string path, JsonElement stored, JsonElement recomputed, List<JsonDifferenceDto> differences)
    {
        int storedLength = stored.GetArrayLength();
        int recomputedLength = recomputed.GetArrayLength();
        for (int i = 0; i < Math.Max(storedLength, recomputedLength); i++)
        {
            string itemPath = $"{path}[{i}]";
            if (i >= recomputedLength)
            {
                differences.Add(new JsonDifferenceDto(itemPath, stored[i].Clone(), null));
            }
            else if (i >= storedLength)
            {
                differences.Add(new JsonDifferenceDto(itemPath, null, recomputed[i].Clone()));
            }
            else
            {
                CompareAt(itemPath, stored[i], recomputed[i], differences);
            }
        }
    }

    private static bool ScalarsEqual(JsonElement stored, JsonElement recomputed)
    {
        if (stored.ValueKind != recomputed.ValueKind)
        {
            return false;
        }

        return stored.ValueKind switch
        {
            JsonValueKind.String => stored.GetString() == recomputed.GetString(),
            JsonValueKind.Number => NumbersEqual(stored, recomputed),
            // Null, True and False carry no value beyond their kind. Objects and arrays never reach here.
            _ => true,
        };
    }

    private static bool NumbersEqual(JsonElement stored, JsonElement recomputed)
    {
        if (stored.TryGetDecimal(out decimal storedDecimal) && recomputed.TryGetDecimal(out decimal recomputedDecimal))
        {
            return storedDecimal == recomputedDecimal;
        }

        if (stored.TryGetDouble(out double storedDouble) && recomputed.TryGetDouble(out double recomputedDouble))
        {
            return storedDouble.Equals(recomputedDouble);
        }

        return stored.GetRawText() == recomputed.GetRawText();
    }

    private static Dictionary<string, JsonElement> Members(JsonElement value)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            members[property.Name] = property.Value;
        }

        return members;
    }

    /// <summary>Appends a member in dot notation when its name allows it, and in bracket notation otherwise.</summary>
    private static string MemberPath(string path, string name)
    {
        if (ShorthandName().IsMatch(name))
        {
            return $"{path}.{name}";
        }

        var quoted = new StringBuilder(path).Append("['");
        foreach (char c in name)
        {
            quoted.Append(c switch
            {
                '\'' => "\\'",
                '\\' => "\\\\",
                _ => c.ToString(),
            });
        }

        return quoted.Append("']").ToString();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ShorthandName();
}
