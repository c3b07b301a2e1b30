using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages.RuleSets;

/// <summary>Two versions of a rule set side by side, line by line, with the changed lines marked.</summary>
public sealed class DiffModel(RuleSetRepository ruleSets, IStringLocalizer<DiffModel> text) : PageModel
{
    public string Name { get; private set; } = "";

    public RuleSetVersion? From { get; private set; }

    public RuleSetVersion? To { get; private set; }

    public SideBySideDiffModel? Diff { get; private set; }

    public IReadOnlyList<RuleSetVersionSummary> Versions { get; private set; } = [];

    /// <summary>Why the comparison cannot be shown; null when it is.</summary>
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromRoute] string name, int? from, int? to, CancellationToken cancellationToken)
    {
        Name = name;
        Versions = await ruleSets.ListVersionsAsync(name, cancellationToken);
        if (Versions.Count == 0)
        {
            return NotFound();
        }

        if (from is null || to is null)
        {
            Error = text["Choose the two versions to compare."];
            return Page();
        }

        From = await ruleSets.GetVersionAsync(name, from.Value, cancellationToken);
        To = await ruleSets.GetVersionAsync(name, to.Value, cancellationToken);
        if (From is null || To is null)
        {
            int missing = From is null ? from.Value : to.Value;
            Error = text["Rule set '{0}' has no version {1}. Versions: {2}.", name, missing, string.Join(", ", Versions.Select(v => v.Version))];
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        // Whitespace counts, because the texts are compared as they are stored and hashed.
        Diff = SideBySideDiffBuilder.Diff(From.Content, To.Content, ignoreWhiteSpace: false, ignoreCase: false);
        return Page();
    }

    /// <summary>Returns the CSS class and the marker that show a line's change without relying on colour.</summary>
    public static (string? Css, string Marker) Describe(ChangeType type) => type switch
    {
        ChangeType.Deleted => ("deleted", "−"),
        ChangeType.Inserted => ("inserted", "+"),
        ChangeType.Modified => ("modified", "~"),
        ChangeType.Imaginary => ("imaginary", ""),
        _ => (null, ""),
    };
}
