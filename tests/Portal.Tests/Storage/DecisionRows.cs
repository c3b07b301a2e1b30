namespace PolicyEngine.Portal.Tests.Storage;

/// <summary>Raw SQL over the decisions table, for tests that read or tamper with rows directly.</summary>
public static class DecisionRows
{
    public const string Select = """
        SELECT sequence AS Sequence, id AS Id, created_at AS CreatedAt, reference AS Reference,
               rule_set_name AS RuleSetName, rule_set_version AS RuleSetVersion,
               rule_set_sha256 AS RuleSetSha256, evidence_id AS EvidenceId,
               damage_amount AS DamageAmount, currency AS Currency, case_json AS CaseJson,
               result_json AS ResultJson, previous_hash AS PreviousHash, content_hash AS ContentHash
        FROM decisions
        """;
}
