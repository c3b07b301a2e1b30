using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyEngine.Engine.Documents;

/// <summary>The JSON conventions of every PolicyEngine document: camelCase; unknown or repeated members and inexact decimals rejected.</summary>
public static class EngineJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // A misspelt field would otherwise be dropped silently and the case decided without it.
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.Strict,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            MaxDepth = 32,
            // With duplicates allowed, {"amount": 100, "amount": 5} would silently mean 5.
            AllowDuplicateProperties = false,
        };
        options.Converters.Add(new ExactDecimalConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
