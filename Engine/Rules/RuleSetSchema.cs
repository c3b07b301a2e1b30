using System.Text.Json;
using Json.Schema;

namespace PolicyEngine.Engine.Rules;

/// <summary>
/// The JSON Schema of rule-set documents, <c>schemas/rule-set.schema.json</c>, embedded in this
/// assembly, and the check of a document against it. Every failure becomes a
/// <see cref="RuleSetProblem"/> with a JSON path and a message that names the value and the fix.
/// </summary>
public static class RuleSetSchema
{
    internal const string ResourceName = "PolicyEngine.Engine.rule-set.schema.json";

    // Format assertion is off by default in draft 2020-12, and without it "2026-02-30" would
    // pass as a date.
    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    private static readonly Lazy<(JsonSchema Schema, JsonElement Root)> Loaded = new(Load);

    /// <summary>Returns the schema file's bytes exactly as embedded.</summary>
    public static byte[] ReadSchemaBytes()
    {
        using var stream = typeof(RuleSetSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(RuleSetSchema).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// Evaluates <paramref name="document"/> against the schema and returns every failure, in
    /// document order, or an empty list when the document conforms.
    /// </summary>
    public static IReadOnlyList<RuleSetProblem> Validate(JsonElement document)
    {
        var (schema, schemaRoot) = Loaded.Value;
        var results = schema.Evaluate(document, Evaluation);
        if (results.IsValid)
        {
            return [];
        }

        var problems = new List<(InstanceLocation Location, RuleSetProblem Problem)>();
        foreach (var node in Flatten(results))
        {
            if (node.IsValid || node.Errors is not { Count: > 0 } errors)
            {
                continue;
            }

            var steps = SchemaSteps.Walk(schemaRoot, PointerSegments(node.EvaluationPath.ToString()));
            if (steps.InsideCondition)
            {
                // Failures inside "if" and "not" only select a branch, so they are not errors.
                continue;
            }

            var location = InstanceLocation.Find(document, PointerSegments(node.InstanceLocation.ToString()));
            bool hasFormatError = errors.ContainsKey("format");
            foreach (var (keyword, libraryMessage) in errors)
            {
                // A date such as "14/03/2026" fails both pattern and format, and one message is enough.
                if (keyword == "pattern" && hasFormatError)
                {
                    continue;
                }

                foreach (var problem in SchemaProblemMessages.Describe(keyword, libraryMessage, steps, location))
                {
                    problems.Add((location, problem));
                }
            }
        }

        return problems
            .DistinctBy(p => (p.Problem.Path, p.Problem.Message))
            .OrderBy(p => p.Location, InstanceLocation.DocumentOrder)
            .Select(p => p.Problem)
            .ToList();
    }

    private static (JsonSchema Schema, JsonElement Root) Load()
    {
        using var document = JsonDocument.Parse(ReadSchemaBytes());
        var root = document.RootElement.Clone();

        // A registry of its own keeps the schema's $id out of JsonSchema.Net's global registry,
        // which every other schema user in the process shares.
        var schema = JsonSchema.Build(root, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        return (schema, root);
    }

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults node)
    {
        yield return node;
        foreach (var child in node.Details ?? [])
        {
            foreach (var descendant in Flatten(child))
            {
                yield return descendant;
            }
        }
    }

    /// <summary>Splits a JSON Pointer (RFC 6901) into its unescaped reference tokens.</summary>
    internal static IReadOnlyList<string> PointerSegments(string pointer) =>
        pointer.Length == 0
            ? []
            : pointer.TrimStart('/').Split('/').Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToList();
}
