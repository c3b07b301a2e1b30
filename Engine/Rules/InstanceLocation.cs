using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyEngine.Engine.Localization;

namespace PolicyEngine.Engine.Rules;

/// <summary>
/// A place in a rule-set document, found from a JSON Pointer: the value there, its JSON path
/// such as <c>$.Rules[3].Properties.party</c>, and the name of the innermost rule that contains it.
/// </summary>
internal sealed partial class InstanceLocation
{
    private readonly JsonElement _root;

    private InstanceLocation(
        JsonElement root, IReadOnlyList<string> segments, List<int> order, JsonElement? value, string path, string? ruleName, int ruleDepth, bool parentIsArray)
    {
        _root = root;
        Segments = segments;
        Order = order;
        Value = value;
        Path = path;
        RuleName = ruleName;
        RuleDepth = ruleDepth;
        ParentIsArray = parentIsArray;
    }

    /// <summary>Orders locations as they appear in the document. A member the document lacks sorts after its siblings.</summary>
    public static IComparer<InstanceLocation> DocumentOrder { get; } = Comparer<InstanceLocation>.Create(CompareInDocumentOrder);

    public IReadOnlyList<string> Segments { get; }

    /// <summary>The value at this location, or null when the document has nothing there.</summary>
    public JsonElement? Value { get; }

    public string Path { get; }

    /// <summary>The RuleName of the innermost rule or child rule that contains this location, when it is a string.</summary>
    public string? RuleName { get; }

    /// <summary>How many Rules arrays lie on the way here: 1 inside a top-level rule, 2 inside a child rule.</summary>
    public int RuleDepth { get; }

    private bool ParentIsArray { get; }

    /// <summary>For each segment, the position of that array item or object member in the document.</summary>
    private List<int> Order { get; }

    /// <summary>The member's name for messages, such as <c>party</c> or <c>Rules[2]</c>.</summary>
    public string MemberName
    {
        get
        {
            if (Segments.Count == 0)
            {
                // One key for both forms, because .resx names ignore letter case: "The rule set"
                // and "the rule set" cannot both have an entry.
                string noun = EngineText.Get("the rule set");
                return char.ToUpperInvariant(noun[0]) + noun[1..];
            }

            return ParentIsArray && Segments.Count > 1 ? $"{Segments[^2]}[{Segments[^1]}]" : Segments[^1];
        }
    }

    /// <summary>The kind of object at this location, for "is not a member of ..." messages.</summary>
    public string ObjectNoun
    {
        get
        {
            if (Segments.Count == 0)
            {
                return EngineText.Get("the rule set");
            }

            string owner = ParentIsArray && Segments.Count > 1 ? Segments[^2] : Segments[^1];
            return (owner, ParentIsArray) switch
            {
                ("Rules", true) => RuleDepth switch
                {
                    1 => EngineText.Get("a rule"),
                    2 => EngineText.Get("a child rule"),
                    _ => EngineText.Get("a third-level child rule"),
                },
                ("Parameters", true) => EngineText.Get("a parameter"),
                ("GlobalParams", true) => EngineText.Get("a global param"),
                ("LocalParams", true) => EngineText.Get("a local param"),
                ("Properties", false) => EngineText.Get("a rule's Properties"),
                ("citation", false) => EngineText.Get("a citation"),
                _ => Path,
            };
        }
    }

    /// <summary>Returns the location of the object or array that contains this one. The root is its own parent.</summary>
    public InstanceLocation Parent() => Segments.Count == 0 ? this : Find(_root, Segments.Take(Segments.Count - 1).ToList());

    /// <summary>Returns the JSON path of a member of the object at this location.</summary>
    public string ChildPath(string member) => Path + PathSegment(member);

    /// <summary>Finds the place in <paramref name="root"/> that the unescaped segments of a JSON Pointer name.</summary>
    public static InstanceLocation Find(JsonElement root, IReadOnlyList<string> segments)
    {
        var path = new StringBuilder("$");
        var order = new List<int>(segments.Count);
        JsonElement? current = root;
        string? ruleName = null;
        int ruleDepth = 0;
        bool parentIsArray = false;
        for (int i = 0; i < segments.Count; i++)
        {
            string segment = segments[i];
            parentIsArray = current is { ValueKind: JsonValueKind.Array };
            if (parentIsArray && int.TryParse(segment, out int index) && index >= 0 && index < current!.Value.GetArrayLength())
            {
                path.Append('[').Append(segment).Append(']');
                order.Add(index);
                current = current.Value[index];
                if (i > 0 && segments[i - 1] == "Rules")
                {
                    ruleDepth++;
                    if (current.Value.ValueKind == JsonValueKind.Object
                        && current.Value.TryGetProperty("RuleName", out var name)
                        && name.ValueKind == JsonValueKind.String)
                    {
                        ruleName = name.GetString();
                    }
                }
            }
            else
            {
                path.Append(PathSegment(segment));
                order.Add(MemberPosition(current, segment));
                current = current is { ValueKind: JsonValueKind.Object } && current.Value.TryGetProperty(segment, out var child)
                    ? child
                    : null;
            }
        }

        return new InstanceLocation(root, segments, order, current, path.ToString(), ruleName, ruleDepth, parentIsArray);
    }

    private static int MemberPosition(JsonElement? owner, string member)
    {
        if (owner is { ValueKind: JsonValueKind.Object } value)
        {
            int position = 0;
            foreach (var property in value.EnumerateObject())
            {
                if (property.NameEquals(member))
                {
                    return position;
                }

                position++;
            }
        }

        return int.MaxValue;
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex PlainMemberName();

    /// <summary>Returns <c>.name</c>, or <c>['name']</c> when the name is not a plain identifier.</summary>
    private static string PathSegment(string member) =>
        PlainMemberName().IsMatch(member) ? "." + member : $"['{member.Replace("\\", "\\\\").Replace("'", "\\'")}']";

    private static int CompareInDocumentOrder(InstanceLocation? left, InstanceLocation? right)
    {
        if (ReferenceEquals(left, right))
        {
            return 0;
        }

        if (left is null)
        {
            return -1;
        }

        if (right is null)
        {
            return 1;
        }

        for (int i = 0; i < Math.Min(left.Order.Count, right.Order.Count); i++)
        {
            int order = left.Order[i].CompareTo(right.Order[i]);
            if (order == 0)
            {
                // Two members the document lacks have the same position, so their names decide.
                order = string.CompareOrdinal(left.Segments[i], right.Segments[i]);
            }

            if (order != 0)
            {
                return order;
            }
        }

        return left.Order.Count.CompareTo(right.Order.Count);
    }
}
