using System.Text.Json;
using PolicyEngine.Engine.Localization;

namespace PolicyEngine.Engine.Rules;

/// <summary>
/// Turns one failed schema keyword into problems whose messages name the value and state what is
/// allowed, quoting the allowed values, known members and descriptions from the schema itself.
/// </summary>
/// <remarks>
/// The messages are translated, and so are the schema's own descriptions that some of them quote.
/// </remarks>
internal static class SchemaProblemMessages
{
    private const int MaxQuotedLength = 80;

    /// <summary>
    /// Describes the failure of <paramref name="keyword"/> (empty for a <c>false</c> subschema) at
    /// <paramref name="location"/>. <paramref name="libraryMessage"/> is JsonSchema.Net's own text,
    /// used only for a keyword this class does not know.
    /// </summary>
    public static IEnumerable<RuleSetProblem> Describe(string keyword, string libraryMessage, SchemaSteps steps, InstanceLocation location)
    {
        var schema = steps.Current;
        return keyword switch
        {
            "" => [FalseSchema(steps, location)],
            "required" when schema is { } s => Missing(s, location, Names(s, "required")),
            "dependentRequired" when schema is { } s => MissingDependencies(s, location),
            "enum" or "const" when schema is { } s => [Problem(location, EngineText.Format(
                "{0} is not a valid {1}; use {2}.", Quote(location.Value), location.MemberName, Values(s, keyword)))],
            "type" when schema is { } s => [Problem(location, EngineText.Format(
                "{0} must be {1}; got {2}.", location.MemberName, ExpectedTypes(s), Kind(location.Value)))],
            "pattern" => [Problem(location, WithReason(
                EngineText.Format("{0} is not a valid {1}.", Quote(location.Value), location.MemberName), Description(schema)))],
            "format" => [Problem(location, Format(schema, location))],
            "minItems" or "maxItems" when schema is { } s => [Problem(location, ItemCount(s, location))],
            "maxLength" when schema is { } s => [Problem(location, EngineText.Format(
                "{0} has {1} characters; the maximum is {2}.", location.MemberName, Length(location.Value), Number(s, "maxLength")))],
            "minimum" when schema is { } s => [Problem(location, EngineText.Format(
                "{0} is {1}; it must be {2} or more.", location.MemberName, Raw(location.Value), Number(s, "minimum")))],
            _ => [Problem(location, $"{location.MemberName}: {libraryMessage}")],
        };
    }

    /// <summary>
    /// Describes a value that a <c>false</c> subschema rejects: a member that
    /// <c>additionalProperties</c> does not know, or one that a conditional subschema forbids.
    /// </summary>
    private static RuleSetProblem FalseSchema(SchemaSteps steps, InstanceLocation location)
    {
        string member = location.Segments.Count > 0 ? location.Segments[^1] : location.MemberName;
        var last = steps.Steps.Count > 0 ? steps.Steps[^1] : default;
        if (last.Keyword == "additionalProperties" && steps.Before(1) is { } owner)
        {
            return Problem(location, EngineText.Format(
                "'{0}' is not a member of {1}; known members: {2}.", member, location.Parent().ObjectNoun, string.Join(", ", PropertyNames(owner))));
        }

        if (last.Keyword == "properties" && steps.Before(1) is { } condition)
        {
            return Problem(location, WithReason(EngineText.Format("'{0}' is not allowed here.", member), Description(condition)));
        }

        return Problem(location, EngineText.Format("'{0}' is not allowed here.", member));
    }

    private static IEnumerable<RuleSetProblem> Missing(JsonElement schema, InstanceLocation location, IEnumerable<string> required)
    {
        // Inside "then", the branch's description explains why the member is needed. Otherwise
        // the member's own description explains what to give.
        string? reason = schema.TryGetProperty("properties", out _) ? null : Description(schema);
        foreach (string member in required)
        {
            if (location.Value is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(member, out _))
            {
                continue;
            }

            string explanation = reason ?? MemberDescription(schema, member);
            yield return new RuleSetProblem(
                location.RuleName, location.ChildPath(member), WithReason(EngineText.Format("{0} is missing.", member), explanation));
        }
    }

    private static IEnumerable<RuleSetProblem> MissingDependencies(JsonElement schema, InstanceLocation location)
    {
        if (location.Value is not { ValueKind: JsonValueKind.Object } value
            || !schema.TryGetProperty("dependentRequired", out var dependencies))
        {
            yield break;
        }

        foreach (var dependency in dependencies.EnumerateObject())
        {
            if (!value.TryGetProperty(dependency.Name, out _))
            {
                continue;
            }

            foreach (string member in dependency.Value.EnumerateArray().Select(m => m.GetString()!))
            {
                if (!value.TryGetProperty(member, out _))
                {
                    yield return new RuleSetProblem(location.RuleName, location.ChildPath(member),
                        EngineText.Format("{0} is missing, but {1} is given; give both or neither.", member, dependency.Name));
                }
            }
        }
    }

    private static string Format(JsonElement? schema, InstanceLocation location)
    {
        string format = schema is { } s && s.TryGetProperty("format", out var f) ? f.GetString() ?? "" : "";
        return format switch
        {
            "date" => EngineText.Format(
                "{0} is not a valid date for {1}; give a day that exists, as YYYY-MM-DD.", Quote(location.Value), location.MemberName),
            "uri" => EngineText.Format(
                "{0} is not an absolute URL; give one with a scheme, such as https://eur-lex.europa.eu/eli/dir/2024/2853/oj.",
                Quote(location.Value)),
            _ => EngineText.Format(
                "{0} is not a valid {1}: it does not match the format {2}.", Quote(location.Value), location.MemberName, format),
        };
    }

    private static string ItemCount(JsonElement schema, InstanceLocation location)
    {
        int count = location.Value is { ValueKind: JsonValueKind.Array } array ? array.GetArrayLength() : 0;
        bool hasMin = schema.TryGetProperty("minItems", out var min);
        bool hasMax = schema.TryGetProperty("maxItems", out var max);
        string allowed = (hasMin, hasMax) switch
        {
            (true, true) => EngineText.Format("give from {0} to {1}", min.GetRawText(), max.GetRawText()),
            (true, false) => EngineText.Format("give at least {0}", min.GetRawText()),
            _ => EngineText.Format("give at most {0}", max.GetRawText()),
        };
        return count == 1
            ? EngineText.Format("{0} has 1 item; {1}.", location.MemberName, allowed)
            : EngineText.Format("{0} has {1} items; {2}.", location.MemberName, count, allowed);
    }

    private static RuleSetProblem Problem(InstanceLocation location, string message) => new(location.RuleName, location.Path, message);

    /// <summary>
    /// Appends the schema's explanation, when it has one, to a message. The separator is looked up
    /// too, because Chinese puts no space between sentences.
    /// </summary>
    private static string WithReason(string message, string reason) =>
        reason.Length == 0 ? message : EngineText.Format("{0} {1}", message, reason);

    private static IEnumerable<string> Names(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var names) && names.ValueKind == JsonValueKind.Array
            ? names.EnumerateArray().Select(n => n.GetString()!)
            : [];

    private static IEnumerable<string> PropertyNames(JsonElement schema) =>
        schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name) : [];

    private static string MemberDescription(JsonElement schema, string member) =>
        schema.TryGetProperty("properties", out var properties) && properties.TryGetProperty(member, out var property)
            ? Description(property)
            : "";

    private static string Description(JsonElement? schema) =>
        schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("description", out var description)
            ? EngineText.SchemaDescription(description.GetString() ?? "")
            : "";

    /// <summary>Lists the values of an enum or const keyword as they would be written in the document.</summary>
    private static string Values(JsonElement schema, string keyword)
    {
        if (!schema.TryGetProperty(keyword, out var values))
        {
            return EngineText.Get("a value the schema allows");
        }

        var list = keyword == "enum" && values.ValueKind == JsonValueKind.Array ? values.EnumerateArray().ToList() : [values];
        var texts = list.Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()).ToList();
        return texts.Count == 1 ? texts[0]! : EngineText.Format("one of {0}", string.Join(", ", texts));
    }

    private static string ExpectedTypes(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return EngineText.Get("another kind of value");
        }

        var names = (type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().ToList() : [type])
            .Select(t => t.GetString() switch
            {
                "string" => EngineText.Get("a string"),
                "number" => EngineText.Get("a number"),
                "integer" => EngineText.Get("a whole number"),
                "boolean" => EngineText.Get("true or false"),
                "array" => EngineText.Get("an array"),
                "object" => EngineText.Get("an object"),
                "null" => "null",
                var other => other,
            })
            .ToList();
        return names.Count == 1 ? names[0]! : EngineText.Format("{0} or {1}", string.Join(", ", names.Take(names.Count - 1)), names[^1]);
    }

    private static string Number(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) ? value.GetRawText() : "?";

    private static int Length(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.String } text ? text.GetString()!.Length : 0;

    /// <summary>Describes a value with its JSON kind, such as <c>the string 'x'</c> or <c>an array</c>.</summary>
    private static string Kind(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.String => EngineText.Format("the string {0}", Quote(value)),
        JsonValueKind.Number => EngineText.Format("the number {0}", Raw(value)),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => EngineText.Get("an array"),
        JsonValueKind.Object => EngineText.Get("an object"),
        _ => EngineText.Get("nothing"),
    };

    /// <summary>Quotes a string value in single quotes, and shows any other value as JSON; long values are cut.</summary>
    private static string Quote(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.String } text ? $"'{Shorten(text.GetString()!)}'" : Raw(value);

    private static string Raw(JsonElement? value) => value is { } v ? Shorten(v.GetRawText()) : EngineText.Get("nothing");

    private static string Shorten(string text) =>
        text.Length <= MaxQuotedLength ? text : string.Concat(text.AsSpan(0, MaxQuotedLength), "...");
}
