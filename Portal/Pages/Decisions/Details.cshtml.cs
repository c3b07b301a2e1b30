using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Decisions;

namespace PolicyEngine.Portal.Pages.Decisions;

public sealed class DetailsModel(DecisionService decisions) : PageModel
{
    public DecisionDto Decision { get; private set; } = null!;

    public string CaseJson => DisplayJson.Format(Decision.Case);

    public string? EvidenceJson => Decision.Evidence is { } evidence ? DisplayJson.Format(evidence) : null;

    /// <summary>The rule-set version's AppliesFrom to AppliesUntil, as a phrase, or a note when the decision did not record it.</summary>
    public string RuleSetPeriod => Decision.RuleSet.AppliesFrom is { } from
        ? new ApplicationPeriod(from, Decision.RuleSet.AppliesUntil).Describe()
        : "not recorded";

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
}
