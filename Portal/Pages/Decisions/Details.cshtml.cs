using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Charts;
using PolicyEngine.Portal.Decisions;

namespace PolicyEngine.Portal.Pages.Decisions;

public sealed class DetailsModel(DecisionService decisions, ReEvaluationService reEvaluation) : PageModel
{
    public DecisionDto Decision { get; private set; } = null!;

    /// <summary>The outcome of the Re-evaluate button; null until it is pressed.</summary>
    public ReEvaluationDto? ReEvaluation { get; private set; }

    /// <summary>The shares chart as inline SVG, drawn on the server so that it reads without JavaScript.</summary>
    public string SharesSvg => SharesChart.Render(
        "shares-chart",
        Decision.Shares.Select(share => new ShareBar(share.Party, share.Amount, share.Percent)).ToList(),
        Decision.Damage.Currency);

    public string CaseJson => DisplayJson.Format(Decision.Case);

    public string? EvidenceJson => Decision.Evidence is { } evidence ? DisplayJson.Format(evidence) : null;

    /// <summary>The rule-set version's AppliesFrom to AppliesUntil, as a phrase, or a note when the decision did not record it.</summary>
    public string RuleSetPeriod => Decision.RuleSet.AppliesFrom is { } from
        ? new ApplicationPeriod(from, Decision.RuleSet.AppliesUntil).Describe()
        : "not recorded";

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
