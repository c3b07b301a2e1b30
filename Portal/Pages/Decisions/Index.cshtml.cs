using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Portal.Decisions;

namespace PolicyEngine.Portal.Pages.Decisions;

public sealed class IndexModel(DecisionService decisions) : PageModel
{
    public const int PageSize = 20;

    public int PageNumber { get; private set; } = 1;

    public DecisionListDto Decisions { get; private set; } = new([], 1, PageSize, 0);

    public int PageCount => (int)Math.Max(1, (Decisions.Total + PageSize - 1) / PageSize);

    /// <summary>
    /// Shows one page of decisions. The query value is read directly because Razor Pages keeps
    /// the route value "page" for the page's own path, which would win over a bound property.
    /// </summary>
    public async Task OnGetAsync([FromQuery(Name = "page")] string? page, CancellationToken cancellationToken)
    {
        PageNumber = Api.Paging.PageOrFirst(page);
        Decisions = await decisions.ListAsync(PageNumber, PageSize, cancellationToken);
    }
}
