using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Portal.Decisions;

namespace PolicyEngine.Portal.Pages.Decisions;

public sealed class IndexModel(DecisionService decisions) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public DecisionListDto Decisions { get; private set; } = new([], 1, PageSize, 0);

    public int PageCount => (int)Math.Max(1, (Decisions.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        Decisions = await decisions.ListAsync(PageNumber, PageSize, cancellationToken);
    }
}
