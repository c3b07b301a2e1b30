using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using PolicyEngine.Portal.Decisions;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages.Decisions;

public sealed class IndexModel(DecisionService decisions, RuleSetRepository ruleSets, DecisionFilterParser parser) : PageModel
{
    public const int PageSize = 20;

    public int PageNumber { get; private set; } = 1;

    public DecisionListDto Decisions { get; private set; } = new([], 1, PageSize, 0);

    public int PageCount => (int)Math.Max(1, (Decisions.Total + PageSize - 1) / PageSize);

    /// <summary>The filters as typed, shown again in the form and kept in paging and export links.</summary>
    public DecisionFilterQuery Filters { get; private set; } = new();

    /// <summary>One message per invalid filter, keyed by the query-string name of the field.</summary>
    public Dictionary<string, string[]> FilterErrors { get; } = [];

    public bool Filtered => Filters.ToQuery().Any();

    public IReadOnlyList<string> RuleSetNames { get; private set; } = [];

    /// <summary>
    /// Shows one page of the decisions that match the filters. The query value "page" is read
    /// directly because Razor Pages keeps the route value "page" for the page's own path, which
    /// would win over a bound property.
    /// </summary>
    public async Task OnGetAsync(
        [FromQuery(Name = "page")] string? page,
        [FromQuery] string? ruleSet,
        [FromQuery] string? version,
        [FromQuery] string? party,
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery] string? reference,
        CancellationToken cancellationToken)
    {
        PageNumber = Api.Paging.PageOrFirst(page);
        Filters = new DecisionFilterQuery(ruleSet, version, party, from, to, reference);
        RuleSetNames = (await ruleSets.ListAsync(cancellationToken)).Select(r => r.Name).ToList();
        var filter = parser.Parse(Filters, FilterErrors);
        if (filter is not null)
        {
            Decisions = await decisions.ListAsync(filter, PageNumber, PageSize, cancellationToken);
        }
    }

    /// <summary>Returns the link to page <paramref name="page"/> with the current filters.</summary>
    public string PageLink(int page) =>
        QueryHelpers.AddQueryString("/decisions", Filters.ToQuery().Append(new("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)))!);

    /// <summary>Returns the link that exports the filtered list as <paramref name="format"/> (csv or json).</summary>
    public string ExportLink(string format) =>
        QueryHelpers.AddQueryString($"/decisions/export.{format}", Filters.ToQuery()!);

    /// <summary>Returns the message for the filter field <paramref name="name"/>, or null when it is valid.</summary>
    public string? ErrorFor(string name) => FilterErrors.TryGetValue(name, out var messages) ? string.Join(" ", messages) : null;
}
