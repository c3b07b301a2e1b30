using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Portal.Evidence;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Api;

/// <summary>An evidence record as the API returns it: storage details and the record itself.</summary>
public sealed record EvidenceDto(string Id, DateTimeOffset CreatedAt, string Source, string Sha256, JsonElement Record);

public sealed record EvidenceListItemDto(string Id, DateTimeOffset CreatedAt, string Source, string Sha256);

public sealed record EvidenceListDto(IReadOnlyList<EvidenceListItemDto> Items, int Page, int PageSize, long Total);

/// <summary>The JSON API for evidence records under <c>/api/v1/evidence</c>.</summary>
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
        HttpRequest request, EvidenceService evidence, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The request body must be JSON.", detail: DecisionEndpoints.UnsupportedMediaTypeDetail);
        }

        var body = await JsonBodyReader.ReadAsync<EvidenceDocument>(
            request, cancellationToken, "schemas/evidence.schema.json", MaxRecordBytes);
        if (body.TooLarge)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.",
                detail: $"An evidence record may be at most {MaxRecordBytes} bytes.");
        }

        if (body.Errors is not null)
        {
            return TypedResults.ValidationProblem(body.Errors, title: "The evidence record could not be read.");
        }

        return ToResult(await evidence.AddAsync(body.Value!, EvidenceService.ApiSource, cancellationToken));
    }

    private static async Task<Results<Created<EvidenceDto>, ValidationProblem, ProblemHttpResult>> CreateFromPredictionsAsync(
        HttpRequest request, EvidenceService evidence, CancellationToken cancellationToken, string? fileName = null)
    {
        if (request.ContentLength > MaxPredictionsBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The predictions file is too large.",
                detail: $"A predictions CSV may be at most {MaxPredictionsBytes} bytes over the API.");
        }

        using var limited = new LimitedStream(request.Body, MaxPredictionsBytes);
        try
        {
            return ToResult(await evidence.AddPredictionsAsync(limited, fileName, cancellationToken));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode != StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["file"] = [$"The request body could not be read: {ex.Message} Send the complete CSV."] },
                title: "The predictions file could not be read.");
        }
        catch (Exception ex) when (ex is LimitedStream.LimitExceededException or BadHttpRequestException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The predictions file is too large.",
                detail: $"A predictions CSV may be at most {MaxPredictionsBytes} bytes over the API.");
        }
    }

    private static Results<Created<EvidenceDto>, ValidationProblem, ProblemHttpResult> ToResult(EvidenceOutcome outcome) =>
        outcome.Record is { } record
            ? TypedResults.Created($"/api/v1/evidence/{record.Id}", ToDto(record))
            : TypedResults.ValidationProblem(outcome.Errors, title: "The evidence is invalid; nothing was stored.");

    private static async Task<Results<Ok<EvidenceDto>, NotFound<ProblemDetails>>> GetAsync(
        string id, EvidenceService evidence, CancellationToken cancellationToken)
    {
        var record = await evidence.GetAsync(id, cancellationToken);
        return record is null
            ? TypedResults.NotFound(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Evidence not found.",
                Detail = $"No evidence record has the id '{id}'. Ids look like ev-0193c5e2...; list records at /api/v1/evidence.",
            })
            : TypedResults.Ok(ToDto(record));
    }

    private static async Task<Results<Ok<EvidenceListDto>, ValidationProblem>> ListAsync(
        EvidenceService evidence, CancellationToken cancellationToken, string? page = null, string? pageSize = null)
    {
        var errors = new Dictionary<string, string[]>();
        int pageNumber = Paging.Parse(page, "page", 1, int.MaxValue, 1, errors);
        int size = Paging.Parse(pageSize, "pageSize", 1, MaxPageSize, 20, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
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
