using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

/// <summary>Builds decisions to append; the JSON is small but valid, as the schema requires.</summary>
public static class SampleDecisions
{
    /// <summary>A SHA-256 in the stored format; the decision log does not look the rule set up.</summary>
    public const string RuleSetSha256 = "3b1f0c7e9a4d2b6f8e0c1a3d5f7b9e2c4a6d8f0b1c3e5a7d9f2b4c6e8a0d1f3b";

    public static NewDecision Create(string reference = "case-1", decimal amount = 1000m, string? evidenceId = null) =>
        new(
            reference,
            "eu",
            1,
            RuleSetSha256,
            evidenceId,
            amount,
            "EUR",
            $$"""{"reference":"{{reference}}"}""",
            """{"shares":[]}""");

    public static async Task<List<StoredDecision>> AppendManyAsync(DecisionRepository decisions, int count)
    {
        var stored = new List<StoredDecision>();
        for (int i = 1; i <= count; i++)
        {
            stored.Add(await decisions.AppendAsync(Create($"case-{i}"), CancellationToken.None));
        }

        return stored;
    }
}
