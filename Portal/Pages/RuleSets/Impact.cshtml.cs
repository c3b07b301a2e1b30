using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Portal.RuleSets;

namespace PolicyEngine.Portal.Pages.RuleSets;

/// <summary>
/// The progress and, once finished, the result of an impact preview. While the job runs, the
/// page reloads itself every <see cref="RefreshSeconds"/> seconds, which needs no JavaScript.
/// </summary>
public sealed class ImpactModel(ImpactPreviewJobs jobs) : PageModel
{
    public const int RefreshSeconds = 2;

    public ImpactPreviewJob Job { get; private set; } = null!;

    public IActionResult OnGet([FromRoute] string name, [FromRoute] string id)
    {
        if (jobs.Get(id) is not { } job || job.Plan.Draft.RuleSetName != name)
        {
            return NotFound();
        }

        Job = job;
        return Page();
    }
}
