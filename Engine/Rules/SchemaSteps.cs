using System.Text.Json;

namespace PolicyEngine.Engine.Rules;

/// <summary>One step of an evaluation path: the keyword, the member or index it names, if any, and the subschema it leads to.</summary>
internal readonly record struct SchemaStep(string Keyword, string? Name, JsonElement Schema);

/// <summary>
/// The subschemas an evaluation path passes through, read from the schema document, so that a
/// message can quote the allowed values, the known members or a description.
/// </summary>
internal sealed class SchemaSteps
{
    private static readonly HashSet<string> NamedKeywords = ["properties", "dependentSchemas", "$defs"];
    private static readonly HashSet<string> IndexedKeywords = ["allOf", "anyOf", "oneOf", "prefixItems"];
    private static readonly HashSet<string> SingleKeywords = ["items", "additionalProperties", "if", "then", "else", "not"];

    private SchemaSteps(JsonElement root, List<SchemaStep> steps, bool complete)
    {
        Root = root;
        Steps = steps;
        Complete = complete;
    }

    public JsonElement Root { get; }

    public IReadOnlyList<SchemaStep> Steps { get; }

    /// <summary>Whether every segment of the path was found in the schema. Otherwise messages fall back to the library's text.</summary>
    public bool Complete { get; }

    /// <summary>Whether the path passes through "if" or "not", whose failures are not errors.</summary>
    public bool InsideCondition => Steps.Any(s => s.Keyword is "if" or "not");

    /// <summary>The subschema the whole path leads to, which contains the failed keyword.</summary>
    public JsonElement? Current => Before(0);

    /// <summary>Returns the subschema before the last <paramref name="back"/> steps, or null when the path was not found.</summary>
    public JsonElement? Before(int back)
    {
        if (!Complete || Steps.Count < back)
        {
            return null;
        }

        if (Steps.Count == back)
        {
            return Root;
        }

        return Steps[^(back + 1)].Schema;
    }

    /// <summary>Follows the segments of a JSON Schema evaluation path from <paramref name="root"/>.</summary>
    public static SchemaSteps Walk(JsonElement root, IReadOnlyList<string> evaluationPath)
    {
        var steps = new List<SchemaStep>();
        var node = root;
        for (int i = 0; i < evaluationPath.Count; i++)
        {
            string keyword = evaluationPath[i];
            bool nodeHasItems = node.ValueKind == JsonValueKind.Object && node.TryGetProperty("items", out _);
            if (keyword == "items" && steps.Count > 0 && steps[^1].Keyword == "items" && !nodeHasItems)
            {
                // JsonSchema.Net 8.0.5 writes "items" twice in the evaluation path of an array item.
                continue;
            }

            bool takesName = NamedKeywords.Contains(keyword) || IndexedKeywords.Contains(keyword);
            string? name = takesName && i + 1 < evaluationPath.Count ? evaluationPath[++i] : null;
            if (!TryStep(root, node, keyword, name, out var next))
            {
                return new SchemaSteps(root, steps, complete: false);
            }

            steps.Add(new SchemaStep(keyword, name, next));
            node = next;
        }

        return new SchemaSteps(root, steps, complete: true);
    }

    private static bool TryStep(JsonElement root, JsonElement node, string keyword, string? name, out JsonElement next)
    {
        next = default;
        if (NamedKeywords.Contains(keyword) || IndexedKeywords.Contains(keyword))
        {
            return name is not null && TryChild(node, keyword, name, out next);
        }

        if (keyword == "$ref")
        {
            return TryResolveReference(root, node, out next);
        }

        return SingleKeywords.Contains(keyword) && node.ValueKind == JsonValueKind.Object && node.TryGetProperty(keyword, out next);
    }

    private static bool TryChild(JsonElement node, string keyword, string nameOrIndex, out JsonElement child)
    {
        child = default;
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(keyword, out var container))
        {
            return false;
        }

        if (container.ValueKind == JsonValueKind.Object)
        {
            return container.TryGetProperty(nameOrIndex, out child);
        }

        if (container.ValueKind == JsonValueKind.Array && int.TryParse(nameOrIndex, out int index) && index >= 0 && index < container.GetArrayLength())
        {
            child = container[index];
            return true;
        }

        return false;
    }

    /// <summary>Follows a "$ref" to a JSON Pointer inside the same document, the only kind the rule-set schema uses.</summary>
    private static bool TryResolveReference(JsonElement root, JsonElement node, out JsonElement target)
    {
        target = default;
        if (node.ValueKind != JsonValueKind.Object
            || !node.TryGetProperty("$ref", out var reference)
            || reference.GetString() is not { } text
            || !text.StartsWith('#'))
        {
            return false;
        }

        target = root;
        foreach (string segment in RuleSetSchema.PointerSegments(text[1..]))
        {
            if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(segment, out target))
            {
                return false;
            }
        }

        return true;
    }
}
