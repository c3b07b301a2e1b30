using System.Text.Json;
using System.Text.Json.Serialization;
using PolicyEngine.Engine.Documents;

namespace PolicyEngine.Portal.Decisions;

public static class DecisionJson
{
    /// <summary>The engine's JSON conventions, leaving out null members so stored documents stay short.</summary>
    public static JsonSerializerOptions Storage { get; } = new(EngineJson.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Stored results must read back even if a later version adds members to them.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}
