namespace PolicyEngine.Portal.Hosting;

public static class ErrorPages
{
    /// <summary>
    /// Returns errors as ProblemDetails under <c>/api</c> and <c>/openapi</c>, and as portal pages
    /// everywhere else, so that a person following a bad link sees the portal, not JSON.
    /// </summary>
    public static WebApplication UsePortalErrorPages(this WebApplication app)
    {
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(context => !IsApi(context), portal =>
        {
            portal.UseExceptionHandler("/error/500");
            portal.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        return app;
    }

    private static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi");
}
