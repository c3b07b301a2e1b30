using System.Globalization;
using System.Text;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// Criteria that narrow the decision list; a null member does not filter. <see cref="Party"/>
/// keeps decisions in which that party's share is not zero. <see cref="From"/> and
/// <see cref="To"/> are inclusive days of the decision's creation time in UTC;
/// <see cref="CreatedFrom"/> and <see cref="CreatedBefore"/> bound it by instants instead, for
/// days in another time zone.
/// <see cref="ReferenceContains"/> matches part of the case reference, ignoring case for ASCII
/// letters.
/// </summary>
public sealed record DecisionFilter
{
    public static readonly DecisionFilter None = new();

    public string? RuleSetName { get; init; }

    public int? RuleSetVersion { get; init; }

    public string? Party { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>Earliest creation time kept (inclusive).</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Creation time from which decisions are left out (exclusive).</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    public string? ReferenceContains { get; init; }

    /// <summary>
    /// Builds the WHERE clause and its parameters. The clause is put together from constant
    /// fragments only, and every filter value travels as a parameter.
    /// </summary>
    internal (string Where, Dapper.DynamicParameters Parameters) ToSql()
    {
        var conditions = new List<string>();
        var parameters = new Dapper.DynamicParameters();
        if (RuleSetName is not null)
        {
            conditions.Add("rule_set_name = @ruleSetName");
            parameters.Add("ruleSetName", RuleSetName);
        }

        if (RuleSetVersion is not null)
        {
            conditions.Add("rule_set_version = @ruleSetVersion");
            parameters.Add("ruleSetVersion", RuleSetVersion);
        }

        if (Party is not null)
        {
            conditions.Add("""
                EXISTS (SELECT 1 FROM json_each(result_json, '$.shares') AS share
                        WHERE json_extract(share.value, '$.party') = @party
                          AND json_extract(share.value, '$.amount') <> 0)
                """);
            parameters.Add("party", Party);
        }

        // created_at is round-trip UTC text such as 2026-03-01T09:30:00.0000000+00:00, so
        // comparing it with a YYYY-MM-DD day as text orders it by time.
        if (From is { } from)
        {
            conditions.Add("created_at >= @from");
            parameters.Add("from", Day(from));
        }

        if (To is { } to)
        {
            conditions.Add("created_at < @toExclusive");
            parameters.Add("toExclusive", Day(to.AddDays(1)));
        }

        // Instants are written in the stored round-trip UTC form, so text order is time order.
        if (CreatedFrom is { } createdFrom)
        {
            conditions.Add("created_at >= @createdFrom");
            parameters.Add("createdFrom", StorageFormat.FormatTimestamp(createdFrom));
        }

        if (CreatedBefore is { } createdBefore)
        {
            conditions.Add("created_at < @createdBefore");
            parameters.Add("createdBefore", StorageFormat.FormatTimestamp(createdBefore));
        }

        if (ReferenceContains is not null)
        {
            // instr, unlike LIKE, treats % and _ in the text as themselves.
            conditions.Add("instr(lower(reference), lower(@reference)) > 0");
            parameters.Add("reference", ReferenceContains);
        }

        var where = new StringBuilder();
        if (conditions.Count > 0)
        {
            where.Append("WHERE ").AppendJoin("\n  AND ", conditions);
        }

        return (where.ToString(), parameters);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
