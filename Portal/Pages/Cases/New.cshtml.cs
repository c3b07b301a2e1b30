using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Portal.Decisions;
using PolicyEngine.Portal.Localization;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages.Cases;

public sealed class NewModel(
    DecisionService decisions,
    RuleSetRepository ruleSets,
    IValidator<CaseDocument> validator,
    UserTime time,
    IStringLocalizer<NewModel> text,
    IStringLocalizer<CaseForm> formText) : PageModel
{
    [BindProperty]
    public CaseForm Form { get; set; } = new();

    public IReadOnlyList<string> RuleSetNames { get; private set; } = [];

    public IReadOnlyList<string> DamageKinds => CaseDocumentValidator.DamageKinds;

    /// <summary>Errors of rules that failed to evaluate; shown above the form.</summary>
    public IReadOnlyList<string> RuleErrors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Today as the user's calendar shows it, which differs from the UTC day near midnight.
        Form.EventDate ??= time.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await LoadRuleSetsAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Model binding has already recorded values it could not read, such as a checkbox sent as "yes".
        var parseErrors = new Dictionary<string, string>();
        var document = Form.ToDocument(parseErrors, formText);
        foreach (var (field, message) in parseErrors)
        {
            ModelState.AddModelError($"{nameof(Form)}.{field}", message);
        }

        // Validate what did parse too, so that every mistake shows in one round.
        var validation = await validator.ValidateAsync(document, cancellationToken);
        AddFieldErrors(validation.ToDictionary(), skip: parseErrors.Keys);
        if (ModelState.IsValid)
        {
            var outcome = await decisions.DecideAsync(document, cancellationToken);
            if (outcome.Decision is { } decision)
            {
                return RedirectToPage("/Decisions/Details", new { id = decision.Id });
            }

            AddFieldErrors(outcome.FieldErrors, skip: []);
            RuleErrors = outcome.RuleErrors.Select(e => text["Rule {0}: {1}", e.RuleName, e.Message].Value).ToList();
        }

        ClearUnreadableCheckboxes();
        await LoadRuleSetsAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// Resets checkboxes whose posted value was not true or false. The checkbox tag helper would
    /// otherwise try to render the posted text as a boolean and fail; the error message stays.
    /// </summary>
    private void ClearUnreadableCheckboxes()
    {
        foreach (var property in typeof(CaseForm).GetProperties().Where(p => p.PropertyType == typeof(bool)))
        {
            string key = $"{nameof(Form)}.{property.Name}";
            if (ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
            {
                ModelState.SetModelValue(key, rawValue: false, attemptedValue: "false");
            }
        }
    }

    /// <summary>
    /// Puts each error beside its form field, worded with the field's label rather than its JSON
    /// path. Fields in <paramref name="skip"/> already show a parse error.
    /// </summary>
    private void AddFieldErrors(IEnumerable<KeyValuePair<string, string[]>> errors, IEnumerable<string> skip)
    {
        var skipped = skip.ToHashSet();
        foreach (var (path, messages) in errors)
        {
            bool known = CaseForm.FieldByPath.TryGetValue(path, out var field);
            if (known && skipped.Contains(field!))
            {
                continue;
            }

            string key = known ? $"{nameof(Form)}.{field}" : string.Empty;
            foreach (string message in messages)
            {
                ModelState.AddModelError(key, known ? Reword(message, path, field!) : message);
            }
        }
    }

    private string Reword(string message, string path, string field) =>
        message.StartsWith(path + " ", StringComparison.Ordinal)
            ? CaseForm.LabelOf(field, formText) + message[path.Length..]
            : message;

    private async Task LoadRuleSetsAsync(CancellationToken cancellationToken)
    {
        RuleSetNames = (await ruleSets.ListAsync(cancellationToken))
            .Where(r => r.PublishedVersion is not null)
            .Select(r => r.Name)
            .ToList();
    }
}
