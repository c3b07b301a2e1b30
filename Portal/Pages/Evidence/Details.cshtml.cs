using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Portal.Evidence;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages.Evidence;

public sealed class DetailsModel(EvidenceService evidence) : PageModel
{
    public EvidenceRecord Record { get; private set; } = null!;

    public EvidenceDocument Document { get; private set; } = null!;

    public string? ProvenanceJson => Document.Provenance is { } provenance ? DisplayJson.Format(provenance) : null;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var record = await evidence.GetAsync(id, cancellationToken);
        if (record is null)
        {
            return NotFound();
        }

        Record = record;
        Document = EvidenceService.Parse(record);
        return Page();
    }

    /// <summary>Formats a metric for display: four decimals, or "undefined" for null.</summary>
    public static string Format(double? value) =>
        value is { } number ? number.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "undefined";
}
