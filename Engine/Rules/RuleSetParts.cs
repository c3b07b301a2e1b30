using System.Globalization;

namespace PolicyEngine.Engine.Rules;

/// <summary>A named expression from GlobalParams or LocalParams, with the JSON path of its text for error reports.</summary>
public sealed record NamedExpression(string Name, string Expression, string Path);

/// <summary>
/// The condition of a rule: either an <see cref="Expression"/>, or child conditions joined by
/// <see cref="Operator"/> (<c>And</c> or <c>Or</c>). <see cref="Path"/> is the JSON path of the rule.
/// </summary>
public sealed record RuleCondition(string RuleName, string? Expression, string? Operator, IReadOnlyList<RuleCondition> Children, string Path)
{
    /// <summary>This condition and every condition below it, parents first.</summary>
    public IEnumerable<RuleCondition> SelfAndDescendants() => Children.SelectMany(c => c.SelfAndDescendants()).Prepend(this);
}

/// <summary>The types a rule-set parameter can have, as written in its <c>Type</c> member.</summary>
public enum ParameterType
{
    /// <summary>A <see cref="double"/>: probabilities and other evidence metrics.</summary>
    Number,

    /// <summary>A <see cref="decimal"/>: percentages and amounts compared with decimal facts.</summary>
    Decimal,

    Integer,

    Boolean,

    /// <summary>A <see cref="DateOnly"/>, written as YYYY-MM-DD.</summary>
    Date,
}

/// <summary>
/// A named constant of a rule set, such as a threshold. Expressions read it by <see cref="Name"/>;
/// RulesEngine receives it as a global param whose expression is <see cref="LiteralExpression"/>.
/// </summary>
public sealed record RuleSetParameter(string Name, ParameterType Type, object Value, string Description)
{
    public Type ClrType => Type switch
    {
        ParameterType.Number => typeof(double),
        ParameterType.Decimal => typeof(decimal),
        ParameterType.Integer => typeof(int),
        ParameterType.Boolean => typeof(bool),
        _ => typeof(DateOnly),
    };

    /// <summary>The value as an expression literal; a date becomes its day number, which needs no culture to read.</summary>
    public string LiteralExpression => Value switch
    {
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        decimal amount => amount.ToString(CultureInfo.InvariantCulture) + "m",
        int integer => integer.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        DateOnly date => $"DateOnly.FromDayNumber({date.DayNumber.ToString(CultureInfo.InvariantCulture)})",
        _ => throw new InvalidOperationException($"Parameter {Name} has a value of unsupported type {Value.GetType().Name}."),
    };
}
