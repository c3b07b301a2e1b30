using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Portal.RuleSets;

namespace PolicyEngine.Portal.Pages.RuleSets;

public sealed class IndexModel(RuleSetService ruleSets) : PageModel
{
    /// <summary>Hex digits of a SHA-256 shown in the list. The rule set's own page shows all 64.</summary>
    public const int Sha256PrefixLength = 12;

    public IReadOnlyList<RuleSetOverview> RuleSets { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        RuleSets = await ruleSets.ListAsync(cancellationToken);
    }
}
