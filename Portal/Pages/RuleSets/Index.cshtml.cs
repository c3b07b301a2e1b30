using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PolicyEngine.Portal.Hosting;
using PolicyEngine.Portal.RuleSets;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages.RuleSets;

/// <summary>The rule sets with their published version and drafts, and a form that imports a rule-set file as a draft.</summary>
public sealed class IndexModel(
    RuleSetService ruleSets,
    RuleSetRepository repository,
    RuleSetEditorService editor,
    ICurrentUser currentUser,
    IAuthorizationService authorization,
    IStringLocalizer<IndexModel> text) : PageModel
{
    /// <summary>Hex digits of a SHA-256 shown in the list. The rule set's own page shows all 64.</summary>
    public const int Sha256PrefixLength = 12;

    private const int MaxFileNameLength = 200;

    public IReadOnlyList<RuleSetOverview> RuleSets { get; private set; } = [];

    /// <summary>Draft version numbers by rule-set name.</summary>
    public ILookup<string, int> Drafts { get; private set; } = Enumerable.Empty<int>().ToLookup(_ => "");

    /// <summary>The uploaded rule-set file; only for the Import form.</summary>
    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>Why the last import failed; null otherwise.</summary>
    public string? ImportError { get; private set; }

    public IReadOnlyList<EditorProblem> ImportProblems { get; private set; } = [];

    /// <summary>Whether the user may import files and create drafts, which only regulators may.</summary>
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        if (!await authorization.IsAllowedAsync(User, PortalPolicies.EditRuleSets))
        {
            return Forbid();
        }

        var (content, error) = await ReadFileAsync(Upload, cancellationToken);
        if (content is not null)
        {
            // The browser chooses the name, so only its last part, at most 200 characters, goes into the edit log.
            string fileName = Path.GetFileName(Upload!.FileName);
            fileName = fileName.Length > MaxFileNameLength ? fileName[..MaxFileNameLength] : fileName;
            var result = await editor.ImportAsync(content, fileName, currentUser.Name, cancellationToken);
            if (result.Status == EditStatus.Done)
            {
                return RedirectToPage("/RuleSets/Version", new { name = result.Version!.RuleSetName, version = result.Version.Version, done = "imported" });
            }

            error = result.Message;
            ImportProblems = result.Problems;
        }

        ImportError = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Reads the uploaded file as UTF-8 text, or returns why it cannot be imported.</summary>
    private async Task<(string? Content, string? Error)> ReadFileAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return (null, text["Choose a rule-set JSON file to import; the upload was empty."]);
        }

        // UTF-8 never takes fewer bytes than characters, so this bounds the text before it is read.
        if (file.Length > RuleSetEditorService.MaxTextLength * 4L)
        {
            return (null, text[
                "The file {0} has {1} bytes, too large for a rule set. Upload a file under {2} characters.",
                file.FileName, file.Length, RuleSetEditorService.MaxTextLength]);
        }

        using var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true));
        try
        {
            return (await reader.ReadToEndAsync(cancellationToken), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, text["The file {0} is not UTF-8 text. Save it as UTF-8 JSON and upload it again.", file.FileName]);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        RuleSets = await ruleSets.ListAsync(cancellationToken);
        Drafts = (await repository.ListVersionsAsync(null, cancellationToken))
            .Where(v => v.Status == RuleSetStatus.Draft)
            .ToLookup(v => v.RuleSetName, v => v.Version);
        CanEdit = await authorization.IsAllowedAsync(User, PortalPolicies.EditRuleSets);
    }
}
