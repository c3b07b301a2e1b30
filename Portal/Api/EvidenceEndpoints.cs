using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Portal.Evidence;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Api;

/// <summary>An evidence record as the API returns it: storage details and the record itself.</summary>
public sealed record EvidenceDto(string Id, DateTimeOffset CreatedAt, string Source, string Sha256, JsonElement Record);

public sealed record EvidenceListItemDto(string Id, DateTimeOffset CreatedAt, string Source, string Sha256);

public sealed record EvidenceListDto(IReadOnlyList<EvidenceListItemDto> Items, int Page, int PageSize, long Total);

/// <summary>
/// The JSON API for evidence records under <c>/api/v1/evidence</c>. Problem titles, details and
/// field messages follow the client's Accept-Language, and are English when it sends none.
/// </summary>
public static class EvidenceEndpoints
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/evidence").WithTags("Evidence")
            .RequireAuthorization(PortalPolicies.ReadData);
        group.MapPost("/", CreateAsync)
            .RequireAuthorization(PortalPolicies.SubmitCases)
            .WithName("CreateEvidence")
            .WithSummary("Store an evidence record (see schemas/evidence.schema.json); cases can then name it by evidenceId.")
            .Accepts<EvidenceDocument>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapPost("/predictions", CreateFromPredictionsAsync)
            .RequireAuthorization(PortalPolicies.SubmitCases)
            .WithName("CreateEvidenceFromPredictions")
            .WithSummary("Compute and store an evidence record from a predictions CSV (header label,p0,...,pK-1) sent as text/csv.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/{id}", GetAsync).WithName("GetEvidence").WithSummary("Read a stored evidence record.");
        group.MapGet("/", ListAsync).WithName("ListEvidence").WithSummary("List evidence records, newest first.");
        return app;
    }

    /// <summary>Largest predictions CSV accepted over the API: some 50,000 rows of 10 classes at full precision.</summary>
    public const long MaxPredictionsBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Largest evidence record accepted, the same as a predictions file, so that any record this
    /// product writes (up to 1,000 classes) can be posted back.
    /// </summary>
    public const long MaxRecordBytes = 8 * 1024 * 1024;

    private static async Task<Results<Created<EvidenceDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, EvidenceService evidence, IStringLocalizerFactory localizers, CancellationToken cancellationToken)
    {
        var text = localizers.Create(typeof(EvidenceEndpoints));
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: text["The request body must be JSON."], detail: text[DecisionEndpoints.UnsupportedMediaTypeDetail]);
        }

        var body = await JsonBodyReader.ReadAsync<EvidenceDocument>(
            request, cancellationToken, "schemas/evidence.schema.json", MaxRecordBytes);
        if (body.TooLarge)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: text["The request body is too large."],
                detail: text["An evidence record may be at most {0} bytes.", MaxRecordBytes]);
        }

        if (body.Errors is not null)
        {
            return TypedResults.ValidationProblem(body.Errors, title: text["The evidence record could not be read."]);
        }

        return ToResult(await evidence.AddAsync(body.Value!, EvidenceService.ApiSource, cancellationToken), text);
    }

    private static async Task<Results<Created<EvidenceDto>, ValidationProblem, ProblemHttpResult>> CreateFromPredictionsAsync(
        HttpRequest request,
        EvidenceService evidence,
        IStringLocalizerFactory localizers,
        CancellationToken cancellationToken,
        string? fileName = null)
    {
        var text = localizers.Create(typeof(EvidenceEndpoints));
        if (request.ContentLength > MaxPredictionsBytes)
        {
            return PredictionsTooLarge(text);
        }

        using var limited = new LimitedStream(request.Body, MaxPredictionsBytes);
        try
        {
            return ToResult(await evidence.AddPredictionsAsync(limited, fileName, cancellationToken), text);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode != StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["file"] = [text["The request body could not be read: {0} Send the complete CSV.", ex.Message]],
                },
                title: text["The predictions file could not be read."]);
        }
        catch (Exception ex) when (ex is LimitedStream.LimitExceededException or BadHttpRequestException)
        {
            return PredictionsTooLarge(text);
        }
    }

    private static ProblemHttpResult PredictionsTooLarge(IStringLocalizer text) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: text["The predictions file is too large."],
            detail: text["A predictions CSV may be at most {0} bytes over the API.", MaxPredictionsBytes]);

    private static Results<Created<EvidenceDto>, ValidationProblem, ProblemHttpResult> ToResult(
        EvidenceOutcome outcome, IStringLocalizer text) =>
        outcome.Record is { } record
            ? TypedResults.Created($"/api/v1/evidence/{record.Id}", ToDto(record))
            : TypedResults.ValidationProblem(outcome.Errors, title: text["The evidence is invalid; nothing was stored."]);

    private static async Task<Results<Ok<EvidenceDto>, NotFound<ProblemDetails>>> GetAsync(
        string id, EvidenceService evidence, IStringLocalizerFactory localizers, CancellationToken cancellationToken)
    {
        var record = await evidence.GetAsync(id, cancellationToken);
        var text = localizers.Create(typeof(EvidenceEndpoints));
        return record is null
            ? TypedResults.NotFound(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = text["Evidence not found."],
                Detail = text["No evidence record has the id '{0}'. Ids look like ev-0193c5e2...; list records at /api/v1/evidence.", id],
            })
            : TypedResults.Ok(ToDto(record));
    }

    private static async Task<Results<Ok<EvidenceListDto>, ValidationProblem>> ListAsync(
        EvidenceService evidence,
        IStringLocalizerFactory localizers,
        CancellationToken cancellationToken,
        string? page = null,
        string? pageSize = null)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Localizer(localizers);
        int pageNumber = Paging.Parse(page, "page", 1, int.MaxValue, 1, errors, paging);
        int size = Paging.Parse(pageSize, "pageSize", 1, MaxPageSize, 20, errors, paging);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(
                errors, title: localizers.Create(typeof(EvidenceEndpoints))["One or more validation errors occurred."]);
        }

        var found = await evidence.ListAsync(pageNumber, size, cancellationToken);
        var items = found.Items.Select(r => new EvidenceListItemDto(r.Id, r.CreatedAt, r.Source, r.Sha256)).ToList();
        return TypedResults.Ok(new EvidenceListDto(items, found.Page, found.PageSize, found.Total));
    }

    internal static EvidenceDto ToDto(EvidenceRecord record)
    {
        using var content = JsonDocument.Parse(record.Content);
        return new EvidenceDto(record.Id, record.CreatedAt, record.Source, record.Sha256, content.RootElement.Clone());
    }
}
