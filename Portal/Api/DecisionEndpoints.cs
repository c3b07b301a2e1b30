using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Portal.Decisions;
using PolicyEngine.Portal.Security;

namespace PolicyEngine.Portal.Api;

/// <summary>
/// The JSON API for decisions under <c>/api/v1/decisions</c>. Problem titles, details and field
/// messages follow the client's Accept-Language, and are English when it sends none.
/// </summary>
public static partial class DecisionEndpoints
{
    public const int MaxPageSize = 100;

    public const string UnsupportedMediaTypeDetail = "Send the body as JSON with the header Content-Type: application/json.";

    public static IEndpointRouteBuilder MapDecisionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/decisions").WithTags("Decisions")
            .RequireAuthorization(PortalPolicies.ReadData);
        group.MapPost("/", CreateAsync)
            .RequireAuthorization(PortalPolicies.SubmitCases)
            .WithName("CreateDecision")
            .WithSummary("Decide a case: evaluate its rule set over the case and its evidence, and store the decision.")
            .Accepts<CaseDocument>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id}", GetAsync)
            .WithName("GetDecision")
            .WithSummary("Read a stored decision.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/re-evaluation", ReEvaluateAsync)
            .WithName("ReEvaluateDecision")
            .WithSummary("Re-evaluate a stored decision's case and evidence under the rule-set version it names, "
                + "and compare the result with the stored one. Nothing is stored.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync)
            .WithName("ListDecisions")
            .WithSummary("List decisions, newest first, filtered by rule set, version, party with a share, "
                + "decision date (from, to; UTC days) and text in the case reference.");
        return app;
    }

    private static async Task<Results<Created<DecisionDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request,
        DecisionService decisions,
        ILoggerFactory loggers,
        IStringLocalizerFactory localizers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(DecisionEndpoints).FullName!);
        var text = localizers.Create(typeof(DecisionEndpoints));
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: text["The request body must be JSON."],
                detail: text[UnsupportedMediaTypeDetail]);
        }

        var body = await JsonBodyReader.ReadAsync<CaseDocument>(request, cancellationToken);
        if (body.TooLarge)
        {
            LogTooLarge(logger, request.ContentLength);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: text["The request body is too large."],
                detail: text[
                    "A case may be at most {0} bytes; leave bulky provenance out of inline evidence.", JsonBodyReader.MaxBodyBytes]);
        }

        if (body.Errors is not null)
        {
            LogRejected(logger, string.Join(", ", body.Errors.Keys));
            return TypedResults.ValidationProblem(body.Errors, title: text["The case could not be read."]);
        }

        var outcome = await decisions.DecideAsync(body.Value!, cancellationToken);
        if (outcome.FieldErrors.Count > 0)
        {
            LogRejected(logger, string.Join(", ", outcome.FieldErrors.Keys));
            return TypedResults.ValidationProblem(outcome.FieldErrors, title: text["The case is invalid."]);
        }

        if (outcome.RuleErrors.Count > 0)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: text["The rule set could not be evaluated for this case, so no decision was stored."],
                detail: string.Join(" ", outcome.RuleErrors.Select(e => text["Rule {0}: {1}", e.RuleName, e.Message].Value)),
                extensions: new Dictionary<string, object?>
                {
                    ["ruleErrors"] = outcome.RuleErrors.Select(e => new { rule = e.RuleName, message = e.Message }).ToList(),
                });
        }

        var decision = outcome.Decision!;
        return TypedResults.Created($"/api/v1/decisions/{decision.Id}", decision);
    }

    private static async Task<Results<Ok<DecisionDto>, ProblemHttpResult>> GetAsync(
        string id, DecisionService decisions, IStringLocalizerFactory localizers, CancellationToken cancellationToken)
    {
        var decision = await decisions.GetAsync(id, cancellationToken);
        return decision is null ? DecisionNotFound(id, localizers) : TypedResults.Ok(decision);
    }

    private static async Task<Results<Ok<ReEvaluationDto>, ProblemHttpResult>> ReEvaluateAsync(
        string id, ReEvaluationService reEvaluation, IStringLocalizerFactory localizers, CancellationToken cancellationToken)
    {
        var report = await reEvaluation.ReEvaluateAsync(id, cancellationToken);
        return report is null ? DecisionNotFound(id, localizers) : TypedResults.Ok(report);
    }

    // TypedResults.Problem, unlike TypedResults.NotFound, sends the application/problem+json media type.
    private static ProblemHttpResult DecisionNotFound(string id, IStringLocalizerFactory localizers)
    {
        var text = localizers.Create(typeof(DecisionEndpoints));
        return TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: text["Decision not found."],
            detail: text["No decision has the id '{0}'. Ids look like dec-0193c5e2...; list decisions at /api/v1/decisions.", id]);
    }

    private static async Task<Results<Ok<DecisionListDto>, ValidationProblem>> ListAsync(
        DecisionService decisions,
        DecisionFilterParser parser,
        IStringLocalizerFactory localizers,
        [AsParameters] DecisionFilterQuery filters,
        CancellationToken cancellationToken,
        string? page = null,
        string? pageSize = null)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Localizer(localizers);
        int pageNumber = Paging.Parse(page, "page", 1, int.MaxValue, 1, errors, paging);
        int size = Paging.Parse(pageSize, "pageSize", 1, MaxPageSize, 20, errors, paging);
        var filter = parser.Parse(filters, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(
                errors, title: localizers.Create(typeof(DecisionEndpoints))["One or more validation errors occurred."]);
        }

        return TypedResults.Ok(await decisions.ListAsync(filter!, pageNumber, size, cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case rejected: invalid field(s) {Fields}")]
    private static partial void LogRejected(ILogger logger, string fields);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case rejected: body of {ContentLength} bytes is over the limit")]
    private static partial void LogTooLarge(ILogger logger, long? contentLength);
}
