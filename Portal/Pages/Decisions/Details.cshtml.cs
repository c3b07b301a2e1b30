using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Portal.Decisions;

namespace PolicyEngine.Portal.Pages.Decisions;

public sealed class DetailsModel(DecisionService decisions) : PageModel
{
    /// <summary>
    /// Indented JSON for display. The relaxed encoder keeps characters such as ü, 東 and ' as they
    /// are instead of \u escapes; Razor HTML-encodes the text, so this is safe on the page.
    /// </summary>
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public DecisionDto Decision { get; private set; } = null!;

    public string CaseJson => JsonSerializer.Serialize(Decision.Case, Indented);

    public string? EvidenceJson => Decision.Evidence is { } evidence ? JsonSerializer.Serialize(evidence, Indented) : null;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var decision = await decisions.GetAsync(id, cancellationToken);
        if (decision is null)
        {
            return NotFound();
        }

        Decision = decision;
        return Page();
    }
}
