using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using PolicyEngine.Portal.Decisions;
using PolicyEngine.Portal.RuleSets;
using PolicyEngine.Portal.Storage;
using PolicyEngine.Portal.Security;

namespace PolicyEngine.Portal.Api;

/// <summary>
/// The JSON API for rule sets under <c>/api/v1/rule-sets</c>. Problem titles and details are in the
/// language of the request's Accept-Language, English when it names no supported language.
/// </summary>
public static class RuleSetEndpoints
{
    public static IEndpointRouteBuilder MapRuleSetEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/rule-sets").WithTags("Rule sets")
            .RequireAuthorization(PortalPolicies.ReadData);
        group.MapGet("/", ListAsync)
            .WithName("ListRuleSets")
            .WithSummary("List the rule sets with every version's status and SHA-256.");
        group.MapPost("/{name}/scenario-runs", RunScenariosAsync)
            .WithName("RunScenarios")
            .WithSummary("Run the scenarios that ship for a rule set against its highest published version. Nothing is stored.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        return app;
    }

    private static async Task<Ok<RuleSetListDto>> ListAsync(RuleSetRepository ruleSets, CancellationToken cancellationToken)
    {
        var summaries = await ruleSets.ListAsync(cancellationToken);
        var versions = (await ruleSets.ListVersionsAsync(null, cancellationToken)).ToLookup(v => v.RuleSetName);
        var items = summaries
            .Select(r => new RuleSetListItemDto(
                r.Name,
                r.Description,
                r.PublishedVersion,
                versions[r.Name]
                    .Select(v => new RuleSetVersionDto(v.Version, v.Status, v.Sha256, v.CreatedAt, v.PublishedAt))
                    .ToList()))
            .ToList();
        return TypedResults.Ok(new RuleSetListDto(items));
    }

    private static async Task<Results<Ok<ScenarioRunDto>, ValidationProblem, ProblemHttpResult>> RunScenariosAsync(
        string name, RuleSetService ruleSets, [FromServices] IStringLocalizerFactory localizers, CancellationToken cancellationToken)
    {
        var text = localizers.Create(typeof(RuleSetEndpoints));
        if (!ScenarioFiles.IsRuleSetName(name))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["name"] = [text[
                        "'{0}' is not a rule-set name: use 1 to 64 lower-case letters, digits and hyphens, starting with a letter, such as eu.", name]],
                },
                title: text["The rule-set name is invalid."]);
        }

        var run = await ruleSets.RunScenariosAsync(name, cancellationToken);
        return run.Status switch
        {
            ScenarioRunStatus.Completed => TypedResults.Ok(ToDto(run)),
            ScenarioRunStatus.RuleSetNotFound => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: text["Rule set not found."], detail: run.Message),
            ScenarioRunStatus.NoPublishedVersion => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict, title: text["The rule set has no published version."], detail: run.Message),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status500InternalServerError,
                title: text["The scenarios could not be run."],
                detail: text["{0} Tell the operator, who must fix the rule set or its scenarios file.", run.Message ?? ""]),
        };
    }

    private static ScenarioRunDto ToDto(ScenarioRun run)
    {
        var version = run.Version!;
        var scenarios = run.Results.Select(r => new ScenarioResultDto(r.Name, r.Passed, r.Failures)).ToList();
        return new ScenarioRunDto(
            new RuleSetRefDto(version.RuleSetName, version.Version, version.Sha256)
            {
                AppliesFrom = version.AppliesFrom,
                AppliesUntil = version.AppliesUntil,
            },
            run.PassedCount,
            run.FailedCount,
            scenarios,
            run.Message);
    }
}
