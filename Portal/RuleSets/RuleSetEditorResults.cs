using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.RuleSets;

/// <summary>
/// One problem found in a rule set's text, placed for the editor. <see cref="Line"/> counts from 1
/// and is null when the path cannot be found in the text.
/// </summary>
public sealed record EditorProblem(string? RuleName, string Path, int? Line, string Message);

public enum EditStatus
{
    Done,
    NotFound,

    /// <summary>The text sent does not compile or has the wrong shape, and <see cref="EditResult.Problems"/> lists why.</summary>
    Invalid,

    /// <summary>The version is in a state that forbids the change, such as published and frozen.</summary>
    Conflict,
}

/// <summary>
/// The outcome of a change to a rule-set version. <see cref="Version"/> is the version as stored
/// after the change; <see cref="Message"/> explains every status but <see cref="EditStatus.Done"/>.
/// </summary>
public sealed record EditResult(EditStatus Status, RuleSetVersion? Version, IReadOnlyList<EditorProblem> Problems, string? Message)
{
    /// <summary>The scenario run a publish made, or null when it did not get that far.</summary>
    public ScenarioRun? Run { get; init; }

    public static EditResult Done(RuleSetVersion version, string? message = null) => new(EditStatus.Done, version, [], message);

    public static EditResult NotFound(string message) => new(EditStatus.NotFound, null, [], message);

    public static EditResult Conflict(RuleSetVersion? version, string message) => new(EditStatus.Conflict, version, [], message);

    public static EditResult Invalid(RuleSetVersion? version, IReadOnlyList<EditorProblem> problems, string message) =>
        new(EditStatus.Invalid, version, problems, message);
}
