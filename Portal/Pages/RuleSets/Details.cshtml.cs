using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Portal.RuleSets;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages.RuleSets;

/// <summary>One rule set: its rules and versions, and a button that runs its scenarios against the highest published version.</summary>
public sealed class DetailsModel(RuleSetService ruleSets, RuleSetRepository repository) : PageModel
{
    public RuleSetOverview RuleSet { get; private set; } = null!;

    public IReadOnlyList<RuleSetVersionSummary> Versions { get; private set; } = [];

    /// <summary>The outcome of the Run scenarios button; null until it is pressed.</summary>
    public ScenarioRun? Run { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken) =>
        await LoadAsync(name, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        Run = await ruleSets.RunScenariosAsync(name, cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(string name, CancellationToken cancellationToken)
    {
        if (await ruleSets.GetAsync(name, cancellationToken) is not { } ruleSet)
        {
            return false;
        }

        RuleSet = ruleSet;
        Versions = await repository.ListVersionsAsync(name, cancellationToken);
        return true;
    }
}
