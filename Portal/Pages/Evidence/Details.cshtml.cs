using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Portal.Charts;
using PolicyEngine.Portal.Evidence;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages.Evidence;

public sealed class DetailsModel(
    EvidenceService evidence, IStringLocalizer<DetailsModel> text, IStringLocalizerFactory localizers) : PageModel
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

    /// <summary>
    /// Returns the record as the JSON API does. The API takes only API keys, so the page serves
    /// the same JSON to a signed-in browser.
    /// </summary>
    public async Task<IActionResult> OnGetJsonAsync(string id, CancellationToken cancellationToken)
    {
        var record = await evidence.GetAsync(id, cancellationToken);
        return record is null ? NotFound() : new JsonResult(Api.EvidenceEndpoints.ToDto(record), PortalJson.Options(HttpContext));
    }

    /// <summary>Draws the reliability diagram of <paramref name="bins"/>; a bin without bounds is drawn from 0 to 0.</summary>
    public string ReliabilitySvg(IReadOnlyList<CalibrationBinDocument> bins) => ReliabilityDiagram.Render(
        "reliability-diagram",
        bins.Select(bin => new ReliabilityBin(bin.Lower ?? 0, bin.Upper ?? 0, bin.Count ?? 0, bin.MeanConfidence, bin.Accuracy))
            .ToList(),
        localizers.Create(typeof(ReliabilityDiagram)));

    /// <summary>Draws the confusion matrix as a heat map, or returns null when it has too many classes to draw.</summary>
    public string? ConfusionSvg(IReadOnlyList<IReadOnlyList<int>> matrix) =>
        matrix.Count > ConfusionHeatMap.MaxClasses
            ? null
            : ConfusionHeatMap.Render("confusion-heat-map", matrix, text: localizers.Create(typeof(ConfusionHeatMap)));

    /// <summary>Formats a metric for this page: four decimals, or "undefined" in the request's language for null.</summary>
    public string Show(double? value) => value is null ? text["undefined"] : Format(value);

    /// <summary>Formats a metric for display: four decimals, or "undefined" for null.</summary>
    public static string Format(double? value) =>
        value is { } number ? number.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "undefined";
}
