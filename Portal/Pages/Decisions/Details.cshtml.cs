using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Charts;
using PolicyEngine.Portal.Decisions;

namespace PolicyEngine.Portal.Pages.Decisions;

public sealed class DetailsModel(
    DecisionService decisions,
    ReEvaluationService reEvaluation,
    IStringLocalizer<DetailsModel> text,
    IStringLocalizerFactory localizers) : PageModel
{
    public DecisionDto Decision { get; private set; } = null!;

    /// <summary>The outcome of the Re-evaluate button; null until it is pressed.</summary>
    public ReEvaluationDto? ReEvaluation { get; private set; }

    /// <summary>The shares chart as inline SVG, drawn on the server so that it reads without JavaScript.</summary>
    public string SharesSvg => SharesChart.Render(
        "shares-chart",
        Decision.Shares
            .Select(share => new ShareBar(share.Party, share.Amount, share.Percent) { Label = PartyName(share.Party) })
            .ToList(),
        Decision.Damage.Currency,
        localizers.Create(typeof(SharesChart)));

    public string CaseJson => DisplayJson.Format(Decision.Case);

    public string? EvidenceJson => Decision.Evidence is { } evidence ? DisplayJson.Format(evidence) : null;

    /// <summary>The rule-set version's AppliesFrom to AppliesUntil, as a phrase, or a note when the decision did not record it.</summary>
    public string RuleSetPeriod => Decision.RuleSet.AppliesFrom switch
    {
        null => text["not recorded"],
        { } from when Decision.RuleSet.AppliesUntil is { } until =>
            text["from {0} until {1}", ApplicationPeriod.Format(from), ApplicationPeriod.Format(until)],
        { } from => text["from {0} with no end date", ApplicationPeriod.Format(from)],
    };

    /// <summary>Returns the name of a party code such as "injured-person" in the request's language.</summary>
    public string PartyName(string party) => text[party];

    /// <summary>Returns the name of a rule outcome code such as "missing-input" in the request's language.</summary>
    public string OutcomeName(string outcome) => text[outcome];

    /// <summary>
    /// Returns the decision as the JSON API does. The API takes only API keys, so the page serves
    /// the same JSON to a signed-in browser.
    /// </summary>
    public async Task<IActionResult> OnGetJsonAsync(string id, CancellationToken cancellationToken)
    {
        var decision = await decisions.GetAsync(id, cancellationToken);
        return decision is null ? NotFound() : new JsonResult(decision, PortalJson.Options(HttpContext));
    }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var decision = await decisions.GetAsync(id, cancellationToken);
        if (decision is null)
        {
            return NotFound();
        }

        Decision = decision;
        return Page();
    }

    public async Task<IActionResult> OnPostReEvaluateAsync(string id, CancellationToken cancellationToken)
    {
        var decision = await decisions.GetAsync(id, cancellationToken);
        if (decision is null)
        {
            return NotFound();
        }

        Decision = decision;
        ReEvaluation = await reEvaluation.ReEvaluateAsync(id, cancellationToken);
        return Page();
    }

    /// <summary>Formats one side of a difference as compact JSON, or "absent" when that side has no such member or item.</summary>
    public static string FormatDifferenceValue(JsonElement? value) =>
        value is { } element ? JsonSerializer.Serialize(element, DisplayJson.CompactOptions) : "absent";
}
