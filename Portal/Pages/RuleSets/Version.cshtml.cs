using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PolicyEngine.Portal.Hosting;
using PolicyEngine.Portal.RuleSets;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages.RuleSets;

/// <summary>
/// One version of a rule set. A draft gets an editor for its text and its scenarios, and buttons
/// that run the scenarios, publish it and preview its impact, and only users who may edit rule
/// sets can open it or press them. A published version is read-only for every reader.
/// </summary>
public sealed class VersionModel(
    RuleSetRepository ruleSets,
    RuleSetDraftRepository drafts,
    RuleSetEditorService editor,
    ImpactPreviewJobs impactJobs,
    ICurrentUser currentUser,
    IAuthorizationService authorization,
    IStringLocalizer<VersionModel> text) : PageModel
{
    /// <summary>Messages shown after a redirect, by the value of the <c>done</c> query parameter, in English.</summary>
    private static readonly Dictionary<string, string> DoneMessages = new(StringComparer.Ordinal)
    {
        ["created"] = "Draft created. Edit its text and scenarios below, then publish it.",
        ["imported"] = "File imported as this draft.",
        ["saved"] = "Saved. The text compiles.",
        ["scenarios-saved"] = "Scenarios saved.",
        ["published"] = "Published. This version is now frozen.",
    };

    public RuleSetVersion Version { get; private set; } = null!;

    public AttachedScenarios? AttachedScenarios { get; private set; }

    /// <summary>The rule-set text in the editor: as stored, or as the user sent it when it was not saved.</summary>
    [BindProperty]
    public string Text { get; set; } = "";

    [BindProperty]
    public string Scenarios { get; set; } = "";

    public IReadOnlyList<EditorProblem> Problems { get; private set; } = [];

    /// <summary>Problems with the scenarios text, shown beside the scenarios editor.</summary>
    public IReadOnlyList<EditorProblem> ScenarioProblems { get; private set; } = [];

    /// <summary>The outcome of the last action, shown at the top of the page.</summary>
    public string? Message { get; private set; }

    public bool MessageIsError { get; private set; }

    public ScenarioRun? Run { get; private set; }

    public bool IsDraft => Version.Status == RuleSetStatus.Draft;

    /// <summary>Whether the page shows the editor: for a draft, to a user who may edit rule sets.</summary>
    public bool IsEditable => IsDraft && CanEdit;

    /// <summary>Whether the user may create and edit drafts, which only regulators may.</summary>
    public bool CanEdit { get; private set; }

    /// <summary>
    /// Runs before every handler. The folder's policy admits every reader, so the editor's actions
    /// check the stricter policy here.
    /// </summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        CanEdit = await authorization.IsAllowedAsync(User, PortalPolicies.EditRuleSets);
        if (!CanEdit && !HttpMethods.IsGet(Request.Method))
        {
            context.Result = Forbid();
            return;
        }

        await next();
    }

    public async Task<IActionResult> OnGetAsync([FromRoute] string name, [FromRoute] int version, string? done, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, version, cancellationToken))
        {
            return NotFound();
        }

        // A draft is the regulators' unfinished work and its page is the editor, so users who may
        // not edit rule sets do not open it. They can compare it with other versions on the diff page.
        if (IsDraft && !CanEdit)
        {
            return Forbid();
        }

        Text = Version.Content;
        Scenarios = AttachedScenarios?.Content ?? "";
        Message = done is not null && DoneMessages.TryGetValue(done, out string? doneMessage) ? text[doneMessage].Value : null;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync([FromRoute] string name, [FromRoute] int version, CancellationToken cancellationToken)
    {
        var result = await editor.SaveAsync(name, version, Text ?? "", currentUser.Name, cancellationToken);
        if (result.Status == EditStatus.Done)
        {
            return RedirectToPage(new { name, version, done = "saved" });
        }

        Problems = result.Problems;
        return await ShowAsync(name, version, result, keepScenarios: false, cancellationToken);
    }

    public async Task<IActionResult> OnPostSaveScenariosAsync([FromRoute] string name, [FromRoute] int version, CancellationToken cancellationToken)
    {
        var result = await editor.SaveScenariosAsync(name, version, Scenarios ?? "", currentUser.Name, cancellationToken);
        if (result.Status == EditStatus.Done)
        {
            return RedirectToPage(null, null, new { name, version, done = "scenarios-saved" }, "scenarios");
        }

        ScenarioProblems = result.Problems;
        return await ShowAsync(name, version, result, keepScenarios: true, cancellationToken);
    }

    public async Task<IActionResult> OnPostRunScenariosAsync([FromRoute] string name, [FromRoute] int version, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, version, cancellationToken))
        {
            return NotFound();
        }

        Text = Version.Content;
        Scenarios = AttachedScenarios?.Content ?? "";
        Run = await editor.RunScenariosAsync(name, version, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync([FromRoute] string name, [FromRoute] int version, CancellationToken cancellationToken)
    {
        var result = await editor.PublishAsync(name, version, currentUser.Name, cancellationToken);
        if (result.Status == EditStatus.Done)
        {
            return RedirectToPage(new { name, version, done = "published" });
        }

        Run = result.Run;
        return await ShowAsync(name, version, result, keepScenarios: false, cancellationToken);
    }

    public async Task<IActionResult> OnPostImpactAsync([FromRoute] string name, [FromRoute] int version, CancellationToken cancellationToken)
    {
        var (job, status, message) = await impactJobs.StartAsync(name, version, currentUser.Name, cancellationToken);
        if (job is not null)
        {
            return RedirectToPage("/RuleSets/Impact", new { name, id = job.Id });
        }

        return await ShowAsync(name, version, new EditResult(status, null, [], message), keepScenarios: false, cancellationToken);
    }

    /// <summary>
    /// Shows the page again after a failed action, with its message and status code. The text the
    /// user sent stays in its editor; the other editor shows what is stored.
    /// </summary>
    private async Task<IActionResult> ShowAsync(
        string name, int version, EditResult result, bool keepScenarios, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, version, cancellationToken))
        {
            return NotFound();
        }

        bool keepContent = result.Status == EditStatus.Invalid && !keepScenarios && Problems.Count > 0;
        Text = keepContent ? Text ?? "" : Version.Content;
        Scenarios = keepScenarios ? Scenarios ?? "" : AttachedScenarios?.Content ?? "";
        Message = result.Message;
        MessageIsError = true;
        Response.StatusCode = result.Status switch
        {
            EditStatus.Invalid => StatusCodes.Status400BadRequest,
            EditStatus.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status409Conflict,
        };
        return Page();
    }

    private async Task<bool> LoadAsync(string name, int version, CancellationToken cancellationToken)
    {
        if (await ruleSets.GetVersionAsync(name, version, cancellationToken) is not { } stored)
        {
            return false;
        }

        Version = stored;
        AttachedScenarios = await drafts.GetScenariosAsync(name, version, cancellationToken);
        return true;
    }
}
