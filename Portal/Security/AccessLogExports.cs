using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Security;

public static class AccessLogExports
{
    /// <summary>
    /// Writes an <see cref="AccessEvents.Export"/> entry for the request's user or API key, with
    /// <paramref name="detail"/> naming what was downloaded. Call it before the response starts,
    /// so that a download the client breaks off is still logged.
    /// </summary>
    public static Task AddExportAsync(
        this AccessLogRepository accessLog, HttpContext context, string detail, CancellationToken cancellationToken) =>
        accessLog.AddAsync(
            AccessEvents.Export,
            context.User.Identity?.Name ?? "(anonymous)",
            context.Connection.RemoteIpAddress?.ToString(),
            detail,
            cancellationToken);
}
