using PolicyEngine.Engine.Localization;

namespace PolicyEngine.Engine.Rules;

/// <summary>
/// One thing wrong with a rule-set document. <see cref="RuleName"/> is null for problems of the
/// document as a whole; <see cref="Path"/> is a JSON path such as <c>$.Rules[2].Properties.party</c>.
/// </summary>
public sealed record RuleSetProblem(string? RuleName, string Path, string Message)
{
    public override string ToString() =>
        RuleName is null ? $"{Path}: {Message}" : EngineText.Format("rule '{0}' ({1}): {2}", RuleName, Path, Message);
}

/// <summary>Thrown when a rule set cannot be compiled; <see cref="Problems"/> lists every problem found.</summary>
public sealed class RuleSetException : Exception
{
    public RuleSetException(IReadOnlyList<RuleSetProblem> problems)
        : base(Summarise(problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<RuleSetProblem> Problems { get; }

    private static string Summarise(IReadOnlyList<RuleSetProblem> problems) =>
        EngineText.Format("The rule set is invalid ({0} problem(s)): ", problems.Count) + string.Join("; ", problems.Take(5));
}
