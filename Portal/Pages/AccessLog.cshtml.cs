using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages;

/// <summary>Shows the access log, newest first, optionally for one event.</summary>
public sealed class AccessLogModel(AccessLogRepository accessLog) : PageModel
{
    public const int PageSize = 50;

    public int PageNumber { get; private set; } = 1;

    /// <summary>The event filter, or null for all events. An unknown name is treated as no filter.</summary>
    public string? Event { get; private set; }

    public AccessLogPage Entries { get; private set; } = new([], 1, PageSize, 0);

    public int PageCount => (int)Math.Max(1, (Entries.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(
        [FromQuery(Name = "page")] string? page, [FromQuery(Name = "event")] string? eventName,
        CancellationToken cancellationToken)
    {
        PageNumber = Api.Paging.PageOrFirst(page);
        Event = AccessEvents.All.Contains(eventName) ? eventName : null;
        Entries = await accessLog.ListAsync(Event, PageNumber, PageSize, cancellationToken);
    }

    public string PageLink(int page) =>
        Event is null ? $"/access-log?page={page}" : $"/access-log?event={Event}&page={page}";
}
