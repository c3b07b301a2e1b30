using System.Globalization;

namespace PolicyEngine.Engine.Rules;

/// <summary>
/// The days on which a rule-set version applies to events: from <see cref="From"/> to
/// <see cref="Until"/>, both inclusive. A null <see cref="Until"/> means the version has no end date.
/// </summary>
public readonly record struct ApplicationPeriod(DateOnly From, DateOnly? Until)
{
    /// <summary>Dates in rule sets, cases and messages: ISO 8601 calendar dates.</summary>
    public const string DateFormat = "yyyy-MM-dd";

    public bool Contains(DateOnly day) => day >= From && (Until is null || day <= Until.Value);

    /// <summary>Describes the period for messages, such as "from 2024-08-01 until 2026-12-31".</summary>
    public string Describe() => Until is { } until
        ? $"from {Format(From)} until {Format(until)}"
        : $"from {Format(From)} with no end date";

    public static string Format(DateOnly day) => day.ToString(DateFormat, CultureInfo.InvariantCulture);
}
