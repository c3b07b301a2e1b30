using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PolicyEngine.Portal.Evidence;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages.Evidence;

/// <summary>
/// Lists evidence records and takes a predictions CSV to turn into a new one. Files over
/// <see cref="MaxUploadBytes"/> get a message beside the field; Kestrel's own body limit
/// (30 MB by default) stops anything larger.
/// </summary>
public sealed class IndexModel(
    EvidenceService evidence, IAuthorizationService authorization, IStringLocalizer<IndexModel> text) : PageModel
{
    public const int PageSize = 20;

    /// <summary>Largest predictions CSV the upload form accepts.</summary>
    public const long MaxUploadBytes = 8 * 1024 * 1024;

    public int PageNumber { get; private set; } = 1;

    public EvidencePage Records { get; private set; } = new([], 1, PageSize, 0);

    public int PageCount => (int)Math.Max(1, (Records.Total + PageSize - 1) / PageSize);

    [BindProperty]
    public IFormFile? Predictions { get; set; }

    public async Task OnGetAsync([FromQuery(Name = "page")] string? page, CancellationToken cancellationToken)
    {
        PageNumber = Api.Paging.PageOrFirst(page);
        Records = await evidence.ListAsync(PageNumber, PageSize, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The folder's policy admits every reader, but only roles that submit cases may upload.
        if (!(await authorization.AuthorizeAsync(User, PortalPolicies.SubmitCases)).Succeeded)
        {
            return Forbid();
        }

        string? error = Predictions switch
        {
            null or { Length: 0 } => text["Choose a predictions CSV file to upload."].Value,
            { Length: > MaxUploadBytes } => text["The file is larger than {0} MiB.", MaxUploadBytes / (1024 * 1024)].Value,
            _ => null,
        };
        if (error is null)
        {
            await using var stream = Predictions!.OpenReadStream();
            var outcome = await evidence.AddPredictionsAsync(stream, Predictions.FileName, cancellationToken);
            if (outcome.Record is { } record)
            {
                return RedirectToPage("/Evidence/Details", new { id = record.Id });
            }

            error = string.Join(" ", outcome.Errors.SelectMany(e => e.Value));
        }

        ModelState.AddModelError(nameof(Predictions), error);
        Records = await evidence.ListAsync(PageNumber, PageSize, cancellationToken);
        return Page();
    }
}
