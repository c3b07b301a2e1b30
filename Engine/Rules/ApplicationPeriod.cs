using System.Globalization;
using PolicyEngine.Engine.Localization;

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

    /// <summary>
    /// Describes the period in English, such as "from 2024-08-01 until 2026-12-31". It stays
    /// English in every culture because the reason a decision records for its version contains it.
    /// </summary>
    public string Describe() => Until is { } until
        ? $"from {Format(From)} until {Format(until)}"
        : $"from {Format(From)} with no end date";

    /// <summary>Describes the period in the current UI culture, for messages that are shown and never stored.</summary>
    public string DescribeLocalized() => Until is { } until
        ? EngineText.Format("from {0} until {1}", Format(From), Format(until))
        : EngineText.Format("from {0} with no end date", Format(From));

    public static string Format(DateOnly day) => day.ToString(DateFormat, CultureInfo.InvariantCulture);
}
