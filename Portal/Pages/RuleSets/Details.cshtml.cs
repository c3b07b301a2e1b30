using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Portal.Hosting;
using PolicyEngine.Portal.RuleSets;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages.RuleSets;

/// <summary>
/// One rule set: its rules, a button that runs its scenarios against the highest published
/// version, its version history with a button per version that creates a draft from it, a form
/// that compares two versions, and the edit log.
/// </summary>
public sealed class DetailsModel(
    RuleSetService ruleSets,
    RuleSetRepository repository,
    RuleSetDraftRepository drafts,
    RuleSetEditorService editor,
    ICurrentUser currentUser,
    IAuthorizationService authorization) : PageModel
{
    public RuleSetOverview RuleSet { get; private set; } = null!;

    /// <summary>Every version, newest first, with who created and published it.</summary>
    public IReadOnlyList<RuleSetVersion> Versions { get; private set; } = [];

    public IReadOnlyList<RuleSetEdit> Edits { get; private set; } = [];

    /// <summary>Why the last Create draft press failed; null otherwise.</summary>
    public string? Error { get; private set; }

    /// <summary>Whether the user may create and open drafts, which only regulators may.</summary>
    public bool CanEdit { get; private set; }

    /// <summary>The outcome of the Run scenarios button; null until it is pressed.</summary>
    public ScenarioRun? Run { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromRoute] string name, CancellationToken cancellationToken) =>
        await LoadAsync(name, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync([FromRoute] string name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        Run = await ruleSets.RunScenariosAsync(name, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateDraftAsync([FromRoute] string name, int fromVersion, CancellationToken cancellationToken)
    {
        if (!await authorization.IsAllowedAsync(User, PortalPolicies.EditRuleSets))
        {
            return Forbid();
        }

        var result = await editor.CreateDraftAsync(name, fromVersion, currentUser.Name, cancellationToken);
        if (result.Status == EditStatus.Done)
        {
            return RedirectToPage("/RuleSets/Version", new { name, version = result.Version!.Version, done = "created" });
        }

        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        Error = result.Message;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    private async Task<bool> LoadAsync(string name, CancellationToken cancellationToken)
    {
        if (await ruleSets.GetAsync(name, cancellationToken) is not { } ruleSet)
        {
            return false;
        }

        RuleSet = ruleSet;
        var versions = new List<RuleSetVersion>();
        foreach (var summary in (await repository.ListVersionsAsync(name, cancellationToken)).Reverse())
        {
            versions.Add((await repository.GetVersionAsync(name, summary.Version, cancellationToken))!);
        }

        Versions = versions;
        Edits = await drafts.ListEditsAsync(name, cancellationToken);
        CanEdit = await authorization.IsAllowedAsync(User, PortalPolicies.EditRuleSets);
        return true;
    }
}
