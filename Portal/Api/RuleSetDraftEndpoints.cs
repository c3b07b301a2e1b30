using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using PolicyEngine.Portal.Decisions;
using PolicyEngine.Portal.Hosting;
using PolicyEngine.Portal.RuleSets;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Api;

/// <summary>
/// The JSON API for editing rule sets under <c>/api/v1/rule-sets</c>: create a draft, save its
/// text and scenarios, publish it, import and export versions, and preview a draft's impact.
/// Problem titles and details are in the language of the request's Accept-Language, and in English
/// when it names no supported language. The engine's messages inside them follow the same language.
/// </summary>
public static class RuleSetDraftEndpoints
{
    private const string ImpactPreviewPath = "/api/v1/rule-sets/impact-previews";

    // UTF-8 takes at most 4 bytes per character, so this body limit admits any text the editor accepts.
    private const long MaxTextBytes = RuleSetEditorService.MaxTextLength * 4L;

    public static IEndpointRouteBuilder MapRuleSetDraftEndpoints(this IEndpointRouteBuilder app)
    {
        // Every route in this group creates, changes or runs a draft, so only editors reach it.
        // The export of a version is in a group of its own because any reader may download it.
        var group = app.MapGroup("/api/v1/rule-sets").WithTags("Rule sets")
            .RequireAuthorization(PortalPolicies.EditRuleSets);
        var readers = app.MapGroup("/api/v1/rule-sets").WithTags("Rule sets")
            .RequireAuthorization(PortalPolicies.ReadData);
        group.MapPost("/{name}/drafts", CreateDraftAsync)
            .WithName("CreateRuleSetDraft")
            .WithSummary("Create the next version of a rule set as a draft with the text and scenarios of fromVersion.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{name}/versions/{version:int}/content", SaveContentAsync)
            .WithName("SaveRuleSetDraft")
            .WithSummary("Replace a draft's text with the request body when it compiles; the body is the rule-set JSON.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPut("/{name}/versions/{version:int}/scenarios", SaveScenariosAsync)
            .WithName("SaveRuleSetDraftScenarios")
            .WithSummary("Attach the scenarios file in the request body to a draft, replacing its scenarios.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/{name}/versions/{version:int}/publish", PublishAsync)
            .WithName("PublishRuleSetDraft")
            .WithSummary("Publish a draft when at least one scenario is attached and all pass. A published version is frozen.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        // The portal's pages link to this copy, because requests under /api authenticate with
        // API keys only and a signed-in browser sends its cookie.
        app.MapGet("/rulesets/{name}/versions/{version:int}/export", ExportAsync).ExcludeFromDescription()
            .RequireAuthorization(PortalPolicies.ReadData);
        readers.MapGet("/{name}/versions/{version:int}/export", ExportAsync)
            .WithName("ExportRuleSetVersion")
            .WithSummary("Download the exact text of one version as a JSON file.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/imports", ImportAsync)
            .WithName("ImportRuleSet")
            .WithSummary("Store the rule-set JSON in the request body as a new draft of the rule set its WorkflowName names.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/{name}/versions/{version:int}/impact-previews", StartImpactPreviewAsync)
            .WithName("StartImpactPreview")
            .WithSummary("Start deciding every decision made under the published version again under this version. Nothing is stored.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/impact-previews/{id}", GetImpactPreview)
            .WithName("GetImpactPreview")
            .WithSummary("Return an impact preview's progress and, once it completes, its result.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<RuleSetVersionDetailDto>, ValidationProblem, ProblemHttpResult>> CreateDraftAsync(
        string name, HttpRequest request, RuleSetEditorService editor, ICurrentUser user, [FromServices] IStringLocalizerFactory localizers, CancellationToken cancellationToken)
    {
        var text = Text(localizers);
        var body = await JsonBodyReader.ReadAsync<CreateDraftRequest>(
            request, cancellationToken, schema: "CreateDraftRequest in /openapi/v1.json", maxBytes: 4096);
        if (body.TooLarge)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: text["The request body is too large."],
                detail: text["Send only { \"fromVersion\": N }."]);
        }

        if (body.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors, title: text["The request body is invalid."]);
        }

        if (body.Value!.FromVersion is not { } fromVersion)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["fromVersion"] = [text["fromVersion is missing; give the version the draft starts from, such as 1."]],
                },
                title: text["The request body is invalid."]);
        }

        var result = await editor.CreateDraftAsync(name, fromVersion, user.Name, cancellationToken);
        if (result.Status != EditStatus.Done)
        {
            return ToProblem<Created<RuleSetVersionDetailDto>>(result, text);
        }

        var draft = result.Version!;
        return TypedResults.Created($"/api/v1/rule-sets/{draft.RuleSetName}/versions/{draft.Version}/export", RuleSetVersionDetailDto.From(draft));
    }

    private static Task<Results<Ok<RuleSetVersionDetailDto>, ValidationProblem, ProblemHttpResult>> SaveContentAsync(
        string name, int version, HttpRequest request, RuleSetEditorService editor, ICurrentUser user, [FromServices] IStringLocalizerFactory localizers, CancellationToken cancellationToken) =>
        SaveTextAsync(request, Text(localizers), "rule-set JSON", cancellationToken,
            content => editor.SaveAsync(name, version, content, user.Name, cancellationToken));

    private static Task<Results<Ok<RuleSetVersionDetailDto>, ValidationProblem, ProblemHttpResult>> SaveScenariosAsync(
        string name, int version, HttpRequest request, RuleSetEditorService editor, ICurrentUser user, [FromServices] IStringLocalizerFactory localizers, CancellationToken cancellationToken) =>
        SaveTextAsync(request, Text(localizers), "scenarios file", cancellationToken,
            content => editor.SaveScenariosAsync(name, version, content, user.Name, cancellationToken));

    /// <summary>
    /// Reads the body as text and passes it to <paramref name="save"/>. Returns the saved version,
    /// or a problem whose messages name the text as <paramref name="kind"/>.
    /// </summary>
    private static async Task<Results<Ok<RuleSetVersionDetailDto>, ValidationProblem, ProblemHttpResult>> SaveTextAsync(
        HttpRequest request,
        IStringLocalizer text,
        string kind,
        CancellationToken cancellationToken,
        Func<string, Task<EditResult>> save)
    {
        var (content, tooLarge) = await ReadTextAsync(request, cancellationToken);
        if (content is null)
        {
            return TextProblem(tooLarge, text[kind], text);
        }

        var result = await save(content);
        return result.Status == EditStatus.Done
            ? TypedResults.Ok(RuleSetVersionDetailDto.From(result.Version!))
            : ToProblem<Ok<RuleSetVersionDetailDto>>(result, text);
    }

    private static async Task<Results<Ok<RuleSetVersionDetailDto>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        string name, int version, RuleSetEditorService editor, ICurrentUser user, [FromServices] IStringLocalizerFactory localizers, CancellationToken cancellationToken)
    {
        var text = Text(localizers);
        var result = await editor.PublishAsync(name, version, user.Name, cancellationToken);
        return result.Status == EditStatus.Done
            ? TypedResults.Ok(RuleSetVersionDetailDto.From(result.Version!))
            : ToProblem<Ok<RuleSetVersionDetailDto>>(result, text);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        string name,
        int version,
        HttpContext context,
        RuleSetRepository ruleSets,
        AccessLogRepository accessLog,
        [FromServices] IStringLocalizerFactory localizers,
        CancellationToken cancellationToken)
    {
        var text = Text(localizers);
        var stored = await ruleSets.GetVersionAsync(name, version, cancellationToken);
        if (stored is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: text["Rule-set version not found."],
                detail: text["Rule set '{0}' has no version {1}. GET /api/v1/rule-sets lists the versions.", name, version]);
        }

        await accessLog.AddExportAsync(context, $"rule set {name} version {version}", cancellationToken);

        // The bytes are exactly the stored text, so the file hashes to the version's SHA-256.
        return TypedResults.File(Encoding.UTF8.GetBytes(stored.Content), "application/json", $"{name}-v{version}.json");
    }

    private static async Task<Results<Created<RuleSetVersionDetailDto>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        HttpRequest request, RuleSetEditorService editor, ICurrentUser user, [FromServices] IStringLocalizerFactory localizers, CancellationToken cancellationToken)
    {
        var text = Text(localizers);
        var (content, tooLarge) = await ReadTextAsync(request, cancellationToken);
        if (content is null)
        {
            return TextProblem(tooLarge, text["rule-set JSON"], text);
        }

        var result = await editor.ImportAsync(content, null, user.Name, cancellationToken);
        if (result.Status != EditStatus.Done)
        {
            return ToProblem<Created<RuleSetVersionDetailDto>>(result, text);
        }

        var draft = result.Version!;
        return TypedResults.Created($"/api/v1/rule-sets/{draft.RuleSetName}/versions/{draft.Version}/export", RuleSetVersionDetailDto.From(draft));
    }

    private static async Task<Results<Accepted<ImpactJobDto>, ValidationProblem, ProblemHttpResult>> StartImpactPreviewAsync(
        string name, int version, ImpactPreviewJobs jobs, ICurrentUser user, [FromServices] IStringLocalizerFactory localizers, CancellationToken cancellationToken)
    {
        var text = Text(localizers);
        var (job, status, message) = await jobs.StartAsync(name, version, user.Name, cancellationToken);
        if (job is null)
        {
            return ToProblem<Accepted<ImpactJobDto>>(new EditResult(status, null, [], message), text);
        }

        return TypedResults.Accepted($"{ImpactPreviewPath}/{job.Id}", ImpactJobMapper.ToDto(job));
    }

    private static Results<Ok<ImpactJobDto>, ProblemHttpResult> GetImpactPreview(
        string id, ImpactPreviewJobs jobs, [FromServices] IStringLocalizerFactory localizers)
    {
        var text = Text(localizers);
        if (jobs.Get(id) is not { } job)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: text["Impact preview not found."],
                detail: text[
                    "No impact preview has the id '{0}'. Previews are kept in memory until the portal restarts, and only the latest {1}; start a new one.",
                    id, ImpactPreviewJobs.MaxKeptJobs]);
        }

        return TypedResults.Ok(ImpactJobMapper.ToDto(job));
    }

    /// <summary>Reads the body as UTF-8 text, or returns null with whether it was too large.</summary>
    private static async Task<(string? Text, bool TooLarge)> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxTextBytes)
        {
            return (null, true);
        }

        byte[]? body = await JsonBodyReader.ReadLimitedAsync(request.Body, MaxTextBytes, cancellationToken);
        if (body is null)
        {
            return (null, true);
        }

        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(JsonBodyReader.StripByteOrderMark(body)), false);
        }
        catch (DecoderFallbackException)
        {
            return (null, false);
        }
    }

    private static ProblemHttpResult TextProblem(bool tooLarge, string expectedBody, IStringLocalizer text) => tooLarge
        ? TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: text["The request body is too large."],
            detail: text["Send a {0} of at most {1} characters.", expectedBody, RuleSetEditorService.MaxTextLength])
        : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: text["The request body is not UTF-8."],
            detail: text["Send the {0} as UTF-8 text.", expectedBody]);

    private static IStringLocalizer Text(IStringLocalizerFactory localizers) => localizers.Create(typeof(RuleSetDraftEndpoints));

    /// <summary>
    /// Maps a failed edit to its response: 400 with one entry per JSON path whose messages name the
    /// rule and line, 404, or 409 with the scenario results of a publish that was rejected.
    /// </summary>
    private static Results<TSuccess, ValidationProblem, ProblemHttpResult> ToProblem<TSuccess>(EditResult result, IStringLocalizer text)
        where TSuccess : IResult
    {
        if (result.Status == EditStatus.Invalid)
        {
            var errors = result.Problems
                .GroupBy(p => p.Path)
                .ToDictionary(g => g.Key, g => g.Select(p => Describe(p, text)).ToArray());
            return TypedResults.ValidationProblem(errors, detail: result.Message, title: text["The rule set is invalid."]);
        }

        int status = result.Status == EditStatus.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
        var extensions = new Dictionary<string, object?>();
        if (result.Run is { Results.Count: > 0 } run)
        {
            extensions["scenarios"] = run.Results.Select(r => new ScenarioResultDto(r.Name, r.Passed, r.Failures)).ToList();
        }

        string title = status == StatusCodes.Status404NotFound
            ? text["Rule set or version not found."]
            : text["The change conflicts with the version's state."];
        return TypedResults.Problem(statusCode: status, title: title, detail: result.Message, extensions: extensions);
    }

    private static string Describe(EditorProblem problem, IStringLocalizer text)
    {
        string location = (problem.RuleName, problem.Line) switch
        {
            ({ } rule, { } line) => text["Rule {0}, line {1}: ", rule, line],
            ({ } rule, null) => text["Rule {0}: ", rule],
            (null, { } line) => text["Line {0}: ", line],
            _ => "",
        };
        return location + problem.Message;
    }
}
