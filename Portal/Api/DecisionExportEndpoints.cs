using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PolicyEngine.Portal.Decisions;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Api;

/// <summary>
/// Exports of the filtered decision list as CSV and JSON, under <c>/decisions/export.*</c> for
/// the portal's links and <c>/api/v1/decisions/export.*</c> for the API. Both take the list's
/// filters as query parameters, need a user or key that may read data, and write an
/// <see cref="AccessEvents.Export"/> entry to the access log. The files are data for machines, so
/// times are ISO 8601 UTC and column names English in every language. The filter days are the
/// user's calendar days, as in the list, and error messages follow the request's language.
/// </summary>
public static partial class DecisionExportEndpoints
{
    public static IEndpointRouteBuilder MapDecisionExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/decisions/export.csv", ExportCsvAsync).ExcludeFromDescription()
            .RequireAuthorization(PortalPolicies.ReadData);
        app.MapGet("/decisions/export.json", ExportJsonAsync).ExcludeFromDescription()
            .RequireAuthorization(PortalPolicies.ReadData);

        var api = app.MapGroup("/api/v1/decisions").WithTags("Decisions")
            .RequireAuthorization(PortalPolicies.ReadData);
        api.MapGet("/export.csv", ExportCsvAsync)
            .WithName("ExportDecisionsCsv")
            .WithSummary("Export the decisions that match the filters as CSV, newest first.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        api.MapGet("/export.json", ExportJsonAsync)
            .WithName("ExportDecisionsJson")
            .WithSummary("Export the decisions that match the filters as a JSON array, newest first.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        return app;
    }

    private static Task<Results<PushStreamHttpResult, ValidationProblem>> ExportCsvAsync(
        [AsParameters] DecisionFilterQuery query,
        HttpContext context,
        DecisionFilterParser parser,
        IStringLocalizerFactory localizers,
        DecisionRepository decisions,
        AccessLogRepository accessLog,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken) =>
        ExportAsync(
            query, context, parser, localizers, decisions, accessLog, clock, loggers, cancellationToken,
            "csv", DecisionExport.CsvContentType, DecisionExport.WriteCsvAsync);

    private static Task<Results<PushStreamHttpResult, ValidationProblem>> ExportJsonAsync(
        [AsParameters] DecisionFilterQuery query,
        HttpContext context,
        DecisionFilterParser parser,
        IStringLocalizerFactory localizers,
        DecisionRepository decisions,
        AccessLogRepository accessLog,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken) =>
        ExportAsync(
            query, context, parser, localizers, decisions, accessLog, clock, loggers, cancellationToken,
            "json", DecisionExport.JsonContentType, DecisionExport.WriteJsonAsync);

    private static async Task<Results<PushStreamHttpResult, ValidationProblem>> ExportAsync(
        DecisionFilterQuery query,
        HttpContext context,
        DecisionFilterParser parser,
        IStringLocalizerFactory localizers,
        DecisionRepository decisions,
        AccessLogRepository accessLog,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken,
        string format,
        string contentType,
        Func<IAsyncEnumerable<StoredDecision>, Stream, CancellationToken, Task<long>> write)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = parser.Parse(query, errors);
        if (filter is null)
        {
            var text = localizers.Create(typeof(DecisionExportEndpoints));
            return TypedResults.ValidationProblem(errors, title: text["The decision filters are invalid."]);
        }

        await accessLog.AddExportAsync(context, $"decisions as {format}{context.Request.QueryString}", cancellationToken);
        var logger = loggers.CreateLogger(typeof(DecisionExportEndpoints).FullName!);
        string fileName = $"decisions-{clock.GetUtcNow():yyyyMMdd-HHmmss}.{format}";
        return TypedResults.Stream(
            async stream =>
            {
                // The token is the request's, so a client that goes away stops the database read.
                long count = await write(decisions.ExportAsync(filter, cancellationToken), stream, cancellationToken);
                LogExported(logger, count, format);
            },
            contentType,
            fileName);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exported {Count} decision(s) as {Format}")]
    private static partial void LogExported(ILogger logger, long count, string format);
}
