using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Decisions;
using PolicyEngine.Portal.Security;

namespace PolicyEngine.Portal.Hosting;

public static class PortalServiceCollectionExtensions
{
    /// <summary>Registers the engine, the decision workflow and the rule-set services shared by the API, the pages and the CLI.</summary>
    public static IServiceCollection AddPolicyEngine(this IServiceCollection services)
    {
        services.AddSingleton<LiabilityEngine>();
        services.AddSingleton<IValidator<CaseDocument>, CaseDocumentValidator>();
        services.AddScoped<DecisionService>();
        services.AddScoped<DecisionFilterParser>();
        services.AddScoped<ReEvaluationService>();
        services.AddScoped<Evidence.EvidenceService>();
        services.AddSingleton(new RuleSets.ScenarioFiles(RuleSets.ScenarioFiles.DefaultFolder));
        services.AddSingleton<RuleSets.RuleSetService>();
        services.AddSingleton<RuleSets.RuleSetEditorService>();
        services.AddSingleton<RuleSets.ImpactPreviewService>();
        services.AddSingleton<RuleSets.ImpactPreviewJobs>();
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpContextCurrentUser>();
        return services;
    }

    /// <summary>The titles ASP.NET Core gives the ProblemDetails it writes itself, by status code.</summary>
    private static readonly HashSet<string> FrameworkProblemTitles = new(StringComparer.Ordinal)
    {
        "Bad Request", "Unauthorized", "Forbidden", "Not Found", "Method Not Allowed", "Not Acceptable",
        "Request Timeout", "Conflict", "Precondition Failed", "Unsupported Media Type", "Unprocessable Entity",
        "Upgrade Required", "An error occurred while processing your request.",
    };

    /// <summary>
    /// Registers Razor Pages with each folder's authorization policy and translated views and
    /// validation messages, the OpenAPI document and ProblemDetails for errors.
    /// </summary>
    public static IServiceCollection AddPortalWeb(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
        {
            // Pages outside these folders need a signed-in user (the fallback policy) unless
            // they are listed as anonymous here.
            var pages = options.Conventions;
            pages.AuthorizeFolder("/Decisions", PortalPolicies.ReadData);
            pages.AuthorizeFolder("/Evidence", PortalPolicies.ReadData);
            pages.AuthorizeFolder("/RuleSets", PortalPolicies.ReadData);
            pages.AuthorizePage("/RuleSets/Impact", PortalPolicies.EditRuleSets);
            pages.AuthorizeFolder("/Audit", PortalPolicies.VerifyAuditLog);
            pages.AuthorizeFolder("/Cases", PortalPolicies.SubmitCases);
            pages.AuthorizeFolder("/Admin", PortalPolicies.ManageUsers);
            pages.AuthorizePage("/AccessLog", PortalPolicies.ReadAccessLog);
            pages.AllowAnonymousToPage("/Index");
            pages.AllowAnonymousToPage("/SignIn");
            pages.AllowAnonymousToPage("/Error");
        })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization();
        services.AddOpenApi();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Localization.PortalText>>();

            // Status-code pages write these bodies outside the request-localization middleware,
            // which set the culture only for the middleware after it, so take the request's own.
            if (context.HttpContext.Features.Get<IRequestCultureFeature>() is { } requestCulture)
            {
                CultureInfo.CurrentUICulture = requestCulture.RequestCulture.UICulture;
            }

            // Routing rejects a body that is not JSON before the handler runs, so state what to send.
            if (problem.Status == StatusCodes.Status415UnsupportedMediaType && problem.Detail is null)
            {
                problem.Detail = text[Api.DecisionEndpoints.UnsupportedMediaTypeDetail];
            }

            // The framework's own titles (404, 405, 415, 500...) are English; the portal's
            // endpoints set titles that are already in the request's language.
            if (problem.Title is { } title && FrameworkProblemTitles.Contains(title))
            {
                problem.Title = text[title];
            }
        });
        services.ConfigureHttpJsonOptions(options =>
        {
            foreach (var converter in EngineJson.Options.Converters)
            {
                options.SerializerOptions.Converters.Add(converter);
            }
        });
        return services;
    }
}
