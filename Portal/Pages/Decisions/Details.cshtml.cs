using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Portal.Decisions;

namespace PolicyEngine.Portal.Pages.Decisions;

public sealed class DetailsModel(DecisionService decisions) : PageModel
{
    public DecisionDto Decision { get; private set; } = null!;

    public string CaseJson => DisplayJson.Format(Decision.Case);

    public string? EvidenceJson => Decision.Evidence is { } evidence ? DisplayJson.Format(evidence) : null;

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
