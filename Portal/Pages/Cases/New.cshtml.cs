using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Portal.Decisions;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages.Cases;

public sealed class NewModel(DecisionService decisions, RuleSetRepository ruleSets) : PageModel
{
    [BindProperty]
    public CaseForm Form { get; set; } = new();

    public IReadOnlyList<string> RuleSetNames { get; private set; } = [];

    public IReadOnlyList<string> DamageKinds => CaseDocumentValidator.DamageKinds;

    /// <summary>Errors of rules that failed to evaluate; shown above the form.</summary>
    public IReadOnlyList<string> RuleErrors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Form.EventDate ??= DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
        await LoadRuleSetsAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var parseErrors = new Dictionary<string, string>();
        var document = Form.ToDocument(parseErrors);
        foreach (var (field, message) in parseErrors)
        {
            ModelState.AddModelError($"{nameof(Form)}.{field}", message);
        }

        if (parseErrors.Count == 0)
        {
            var outcome = await decisions.DecideAsync(document, cancellationToken);
            if (outcome.Decision is { } decision)
            {
                return RedirectToPage("/Decisions/Details", new { id = decision.Id });
            }

            AddErrors(outcome);
        }

        await LoadRuleSetsAsync(cancellationToken);
        return Page();
    }

    private void AddErrors(DecisionOutcome outcome)
    {
        foreach (var (path, messages) in outcome.FieldErrors)
        {
            string key = CaseForm.FieldByPath.TryGetValue(path, out var field) ? $"{nameof(Form)}.{field}" : string.Empty;
            foreach (var message in messages)
            {
                ModelState.AddModelError(key, message);
            }
        }

        RuleErrors = outcome.RuleErrors.Select(e => $"Rule {e.RuleName}: {e.Message}").ToList();
    }

    private async Task LoadRuleSetsAsync(CancellationToken cancellationToken)
    {
        RuleSetNames = (await ruleSets.ListAsync(cancellationToken))
            .Where(r => r.PublishedVersion is not null)
            .Select(r => r.Name)
            .ToList();
    }
}
