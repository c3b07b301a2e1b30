using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyEngine.Portal.Decisions;

/// <summary>A stored decision as the API returns it and the decision page shows it.</summary>
public sealed record DecisionDto(
    string Id,
    long Sequence,
    DateTimeOffset CreatedAt,
    string Reference,
    RuleSetRefDto RuleSet,
    string? EvidenceId,
    string? EvidenceSha256,
    DamageDto Damage,
    IReadOnlyList<ShareDto> Shares,
    string Method,
    bool JointAndSeveral,
    IReadOnlyList<string> Adjustments,
    string Explanation,
    IReadOnlyList<FindingDto> Findings,
    IReadOnlyList<RuleOutcomeDto> Rules,
    JsonElement Case,
    JsonElement? Evidence,
    string PreviousHash,
    string ContentHash)
{
    /// <summary>False when some rule lacked an input; <see cref="MissingInputs"/> names them.</summary>
    public bool Complete { get; init; } = true;

    public IReadOnlyList<string> MissingInputs { get; init; } = [];
}

/// <summary>
/// The rule-set version that decided a case. The dates, <see cref="SelectedBy"/> and
/// <see cref="Reason"/> are null for decisions stored before versions carried dates.
/// </summary>
public sealed record RuleSetRefDto(string Name, int Version, string Sha256)
{
    public DateOnly? AppliesFrom { get; init; }

    public DateOnly? AppliesUntil { get; init; }

    /// <summary>How the version was chosen, <c>event-date</c> or <c>case</c>, as in <see cref="RuleSetSelectionDto.SelectedBy"/>.</summary>
    public string? SelectedBy { get; init; }

    public string? Reason { get; init; }
}

/// <summary>
/// Why a decision used its rule-set version, stored in the decision's result so that the hash
/// chain covers it.
/// </summary>
/// <param name="SelectedBy">
/// <c>event-date</c> when the version was the highest published one in force on the event date,
/// <c>case</c> when the case named it with <c>ruleSetVersion</c>.
/// </param>
/// <param name="AppliesFrom">The version's AppliesFrom.</param>
/// <param name="AppliesUntil">The version's AppliesUntil, or null when it has no end date.</param>
/// <param name="Reason">One sentence for people to read, naming the version, its period and the event date.</param>
public sealed record RuleSetSelectionDto(string SelectedBy, DateOnly AppliesFrom, DateOnly? AppliesUntil, string Reason)
{
    public const string ByEventDate = "event-date";
    public const string ByCase = "case";
}

public sealed record DamageDto(decimal Amount, string Currency, string Kind);

/// <summary>One party's share: amount in the currency's major unit, percent from 0 to 100.</summary>
public sealed record ShareDto(string Party, decimal Amount, decimal Percent, IReadOnlyList<string> Basis)
{
    /// <summary>The rules whose findings make up this share, in rule order; details are in the decision's findings.</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];
}

public sealed record FindingDto(
    string Rule, string Party, string Effect, string Basis, decimal? Weight, string Description, CitationDto Citation)
{
    /// <summary>For a transfer-role finding: the party whose role <see cref="Party"/> takes over; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? From { get; init; }

    /// <summary>The input values the rule read, in the order it read them, its weight expression included.</summary>
    public IReadOnlyList<InputReadDto> Reads { get; init; } = [];
}

/// <summary>
/// One input value a rule read: a fact (<c>facts.Developer.DeclaredAccuracy</c>), a metric
/// (<c>evidence.Ece</c>), a parameter or a global param. Dates are YYYY-MM-DD and enums their names.
/// </summary>
public sealed record InputReadDto(string Input, object? Value);

public sealed record CitationDto(string Instrument, string Article, string? Url);

/// <summary>
/// How one rule came out: <see cref="Outcome"/> is fired, not-fired, missing-input or error.
/// <see cref="Reads"/> are the values it read; for a rule that did not fire they are the values
/// that made it false.
/// </summary>
public sealed record RuleOutcomeDto(string Rule, bool Fired)
{
    public string Outcome { get; init; } = Fired ? "fired" : "not-fired";

    public IReadOnlyList<InputReadDto> Reads { get; init; } = [];

    /// <summary>For missing-input: the inputs the rule needed but the case left empty.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? MissingInputs { get; init; }

    /// <summary>The child rules of a rule built from child rules.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RuleOutcomeDto>? Children { get; init; }
}

/// <summary>
/// The part of a decision computed by the engine, stored as the decision's result JSON. It
/// carries the evidence record's SHA-256 so that the decision hash chain also covers the evidence.
/// </summary>
public sealed record DecisionResultDto(
    string? EvidenceSha256,
    DamageDto Damage,
    IReadOnlyList<ShareDto> Shares,
    string Method,
    string Explanation,
    IReadOnlyList<FindingDto> Findings,
    IReadOnlyList<RuleOutcomeDto> Rules)
{
    /// <summary>Whether the liable parties are jointly and severally liable; the shares are then internal shares for recourse.</summary>
    public bool JointAndSeveral { get; init; }

    /// <summary>Role transfers, defences and contract clauses applied before the split.</summary>
    public IReadOnlyList<string> Adjustments { get; init; } = [];

    /// <summary>False when some rule could not be decided because the case left an input it reads empty.</summary>
    public bool Complete { get; init; } = true;

    /// <summary>The inputs that rules needed but the case left empty; empty when <see cref="Complete"/>.</summary>
    public IReadOnlyList<string> MissingInputs { get; init; } = [];

    /// <summary>Why this rule-set version decided the case, or null for decisions stored before versions carried dates.</summary>
    public RuleSetSelectionDto? RuleSetSelection { get; init; }
}

/// <summary>A line of the decision list.</summary>
public sealed record DecisionListItemDto(
    string Id, long Sequence, DateTimeOffset CreatedAt, string Reference, string RuleSet, int RuleSetVersion, decimal DamageAmount, string Currency);

public sealed record DecisionListDto(IReadOnlyList<DecisionListItemDto> Items, int Page, int PageSize, long Total);

/// <summary>
/// The outcome of re-evaluating a stored decision. <see cref="RuleSet"/> is the version the
/// decision recorded. <see cref="Identical"/> is true when the recomputed result equals the stored
/// result JSON, and <see cref="Differences"/> lists every value that differs.
/// </summary>
public sealed record ReEvaluationDto(
    string DecisionId,
    RuleSetRefDto RuleSet,
    bool Identical,
    IReadOnlyList<JsonDifferenceDto> Differences)
{
    /// <summary>The check that stopped the re-evaluation before any comparison, or null when every check passed.</summary>
    public ReEvaluationCheckDto? FailedCheck { get; init; }
}

/// <summary>
/// A differing value: the JSONPath in the result and the value on each side. A side is left out
/// of the JSON when the member or item does not exist there.
/// </summary>
public sealed record JsonDifferenceDto(
    string Path,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    JsonElement? Stored,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    JsonElement? Recomputed);

/// <summary>
/// A check that a re-evaluation failed. <see cref="Check"/> is one of the names in
/// <see cref="ReEvaluationChecks"/>, and <see cref="Message"/> states what did not match.
/// </summary>
public sealed record ReEvaluationCheckDto(string Check, string Message)
{
    /// <summary>The message in English for the log, when <see cref="Message"/> is in another language.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? MessageInEnglish { get; init; }
}
