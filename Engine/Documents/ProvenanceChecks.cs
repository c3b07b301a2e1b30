using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using PolicyEngine.Engine.Localization;

namespace PolicyEngine.Engine.Documents;

/// <summary>
/// Checks the provenance members an evidence record defines (see schemas/evidence.schema.json);
/// members it does not define are kept as they are.
/// </summary>
internal static partial class ProvenanceChecks
{
    private static readonly HashSet<string> Sources = ["train", "evaluate", "evaluate-predictions"];

    private static readonly string[] TextMembers = ["dataset", "architecture", "blas", "dotnetVersion"];

    private static readonly (string Name, long Min)[] IntegerMembers =
    [
        ("trainSamples", 1), ("testSamples", 1), ("parameterCount", 1), ("epochs", 1), ("threadCount", 1), ("coreCount", 1),
        ("seed", int.MinValue),
    ];

    [GeneratedRegex(@"\A[0-9a-f]{64}\z")]
    private static partial Regex Sha256Pattern();

    /// <summary>An RFC 3339 date-time, which must state its offset from UTC.</summary>
    [GeneratedRegex(@"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\z")]
    private static partial Regex DateTimePattern();

    public static void Check<T>(JsonElement provenance, string path, ValidationContext<T> context)
    {
        foreach (string name in TextMembers)
        {
            Require(provenance, name, path, context, v => v.ValueKind == JsonValueKind.String, EngineText.Get("text"));
        }

        foreach (var (name, min) in IntegerMembers)
        {
            Require(provenance, name, path, context,
                v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) && n >= min && n <= int.MaxValue,
                min == 1 ? EngineText.Get("a whole number of 1 or more") : EngineText.Get("a whole number"));
        }

        Require(provenance, "weightsSha256", path, context, IsSha256, EngineText.Get("a SHA-256 as 64 lower-case hex digits"));
        Require(provenance, "durationSeconds", path, context,
            v => v.ValueKind == JsonValueKind.Number && v.GetDouble() >= 0, EngineText.Get("a number of seconds, 0 or more"));
        Require(provenance, "startedAt", path, context,
            v => v.ValueKind == JsonValueKind.String && DateTimePattern().IsMatch(v.GetString()!) && DateTimeOffset.TryParse(v.GetString(), out _),
            EngineText.Get("a date and time with its offset from UTC, such as 2026-12-04T17:12:26Z"));
        Require(provenance, "source", path, context,
            v => v.ValueKind == JsonValueKind.String && Sources.Contains(v.GetString()!),
            EngineText.Get("one of train, evaluate, evaluate-predictions"));
        Require(provenance, "libraries", path, context,
            v => v.ValueKind == JsonValueKind.Object && v.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String),
            EngineText.Get("an object of library names and version strings"));
        Require(provenance, "dataFiles", path, context,
            v => v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(IsDataFile),
            EngineText.Get("an array of { name, sha256 } objects, sha256 as 64 lower-case hex digits"));
    }

    private static void Require<T>(
        JsonElement provenance, string name, string path, ValidationContext<T> context, Func<JsonElement, bool> isValid, string expected)
    {
        if (provenance.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null && !isValid(value))
        {
            string excerpt = value.GetRawText();
            excerpt = excerpt.Length > 40 ? excerpt[..40] + "..." : excerpt;
            context.AddFailure($"{path}.{name}", EngineText.Format("{0}.{1} must be {2}; got {3}.", path, name, expected, excerpt));
        }
    }

    private static bool IsSha256(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && Sha256Pattern().IsMatch(value.GetString()!);

    private static bool IsDataFile(JsonElement file) =>
        file.ValueKind == JsonValueKind.Object
        && file.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
        && file.TryGetProperty("sha256", out var sha) && IsSha256(sha);
}
