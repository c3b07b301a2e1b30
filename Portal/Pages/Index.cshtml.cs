using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages;

public sealed class IndexModel(RuleSetRepository ruleSets) : PageModel
{
    public IReadOnlyList<RuleSetSummary> RuleSets { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        RuleSets = await ruleSets.ListAsync(cancellationToken);
    }
}
