using System.Text.Json;

namespace PolicyEngine.Engine.Rules;

/// <summary>
/// Turns one failed schema keyword into problems whose messages name the value and state what is
/// allowed, quoting the allowed values, known members and descriptions from the schema itself.
/// </summary>
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
            "enum" or "const" when schema is { } s =>
                [Problem(location, $"{Quote(location.Value)} is not a valid {location.MemberName}; use {Values(s, keyword)}.")],
            "type" when schema is { } s => [Problem(location, $"{location.MemberName} must be {ExpectedTypes(s)}; got {Kind(location.Value)}.")],
            "pattern" => [Problem(location, $"{Quote(location.Value)} is not a valid {location.MemberName}. {Description(schema)}".TrimEnd())],
            "format" => [Problem(location, Format(schema, location))],
            "minItems" or "maxItems" when schema is { } s => [Problem(location, ItemCount(s, location))],
            "maxLength" when schema is { } s =>
                [Problem(location, $"{location.MemberName} has {Length(location.Value)} characters; the maximum is {Number(s, "maxLength")}.")],
            "minimum" when schema is { } s =>
                [Problem(location, $"{location.MemberName} is {Raw(location.Value)}; it must be {Number(s, "minimum")} or more.")],
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
            return Problem(location,
                $"'{member}' is not a member of {location.Parent().ObjectNoun}; known members: {string.Join(", ", PropertyNames(owner))}.");
        }

        if (last.Keyword == "properties" && steps.Before(1) is { } condition)
        {
            return Problem(location, $"'{member}' is not allowed here. {Description(condition)}".TrimEnd());
        }

        return Problem(location, $"'{member}' is not allowed here.");
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
            yield return new RuleSetProblem(location.RuleName, location.ChildPath(member), $"{member} is missing. {explanation}".TrimEnd());
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
                        $"{member} is missing, but {dependency.Name} is given; give both or neither.");
                }
            }
        }
    }

    private static string Format(JsonElement? schema, InstanceLocation location)
    {
        string format = schema is { } s && s.TryGetProperty("format", out var f) ? f.GetString() ?? "" : "";
        return format switch
        {
            "date" => $"{Quote(location.Value)} is not a valid date for {location.MemberName}; give a day that exists, as YYYY-MM-DD.",
            "uri" => $"{Quote(location.Value)} is not an absolute URL; give one with a scheme, such as https://eur-lex.europa.eu/eli/dir/2024/2853/oj.",
            _ => $"{Quote(location.Value)} is not a valid {location.MemberName}: it does not match the format {format}.",
        };
    }

    private static string ItemCount(JsonElement schema, InstanceLocation location)
    {
        int count = location.Value is { ValueKind: JsonValueKind.Array } array ? array.GetArrayLength() : 0;
        bool hasMin = schema.TryGetProperty("minItems", out var min);
        bool hasMax = schema.TryGetProperty("maxItems", out var max);
        string allowed = (hasMin, hasMax) switch
        {
            (true, true) => $"give from {min.GetRawText()} to {max.GetRawText()}",
            (true, false) => $"give at least {min.GetRawText()}",
            _ => $"give at most {max.GetRawText()}",
        };
        return $"{location.MemberName} has {count} {(count == 1 ? "item" : "items")}; {allowed}.";
    }

    private static RuleSetProblem Problem(InstanceLocation location, string message) => new(location.RuleName, location.Path, message);

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
            ? description.GetString() ?? ""
            : "";

    /// <summary>Lists the values of an enum or const keyword as they would be written in the document.</summary>
    private static string Values(JsonElement schema, string keyword)
    {
        if (!schema.TryGetProperty(keyword, out var values))
        {
            return "a value the schema allows";
        }

        var list = keyword == "enum" && values.ValueKind == JsonValueKind.Array ? values.EnumerateArray().ToList() : [values];
        var texts = list.Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()).ToList();
        return texts.Count == 1 ? texts[0]! : "one of " + string.Join(", ", texts);
    }

    private static string ExpectedTypes(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return "another kind of value";
        }

        var names = (type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().ToList() : [type])
            .Select(t => t.GetString() switch
            {
                "string" => "a string",
                "number" => "a number",
                "integer" => "a whole number",
                "boolean" => "true or false",
                "array" => "an array",
                "object" => "an object",
                "null" => "null",
                var other => other,
            })
            .ToList();
        return names.Count == 1 ? names[0]! : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
    }

    private static string Number(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) ? value.GetRawText() : "?";

    private static int Length(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.String } text ? text.GetString()!.Length : 0;

    /// <summary>Describes a value with its JSON kind, such as <c>the string 'x'</c> or <c>an array</c>.</summary>
    private static string Kind(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.String => $"the string {Quote(value)}",
        JsonValueKind.Number => $"the number {Raw(value)}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    /// <summary>Quotes a string value in single quotes, and shows any other value as JSON; long values are cut.</summary>
    private static string Quote(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.String } text ? $"'{Shorten(text.GetString()!)}'" : Raw(value);

    private static string Raw(JsonElement? value) => value is { } v ? Shorten(v.GetRawText()) : "nothing";

    private static string Shorten(string text) =>
        text.Length <= MaxQuotedLength ? text : string.Concat(text.AsSpan(0, MaxQuotedLength), "...");
}
