using PolicyEngine.Portal.Decisions;

namespace PolicyEngine.Portal.RuleSets;

/// <summary>The stored rule sets, by name.</summary>
public sealed record RuleSetListDto(IReadOnlyList<RuleSetListItemDto> Items);

/// <summary>A rule set, its highest published version (null when none is published) and all its versions, oldest first.</summary>
public sealed record RuleSetListItemDto(
    string Name, string? Description, int? PublishedVersion, IReadOnlyList<RuleSetVersionDto> Versions);

/// <summary>One version of a rule set: <see cref="Status"/> is <c>draft</c> or <c>published</c>.</summary>
public sealed record RuleSetVersionDto(
    int Version, string Status, string Sha256, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt);

/// <summary>
/// The outcome of running a rule set's scenarios against the version in <see cref="RuleSet"/>.
/// <see cref="Message"/> explains an empty list and is null otherwise.
/// </summary>
public sealed record ScenarioRunDto(
    RuleSetRefDto RuleSet, int Passed, int Failed, IReadOnlyList<ScenarioResultDto> Scenarios, string? Message);

/// <summary>One scenario's outcome. <see cref="Failures"/> lists each way the result differed from what the scenario expects.</summary>
public sealed record ScenarioResultDto(string Name, bool Passed, IReadOnlyList<string> Failures);
