using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages.Admin;

/// <summary>Lists API keys and lets an admin create and revoke them. A new key is shown once, in the response to its creation.</summary>
public sealed class ApiKeysModel(
    ApiKeyRepository keys, ApiKeyService apiKeys, TimeProvider timeProvider, IStringLocalizer<ApiKeysModel> text) : PageModel
{
    public IReadOnlyList<ApiKeyRecord> Keys { get; private set; } = [];

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? Role { get; set; } = PortalRoles.Auditor;

    [BindProperty]
    [Display(Name = "Expires in (days)")]
    public int? ExpiresInDays { get; set; } = 90;

    public NewApiKey? CreatedKey { get; private set; }

    public string? Notice { get; private set; }

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Keys = await keys.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        // A lifetime that does not bind as a number (1,5 or 99999999999) leaves the property at its
        // default of 90, so it must not reach the service: the typed text is reported instead.
        string? unreadable = null;
        if (ModelState[nameof(ExpiresInDays)] is { Errors.Count: > 0 } lifetime)
        {
            unreadable = lifetime.AttemptedValue ?? "";
            ModelState.Remove(nameof(ExpiresInDays));
            ExpiresInDays = null;
        }

        var (created, errors) = await apiKeys.CreateAsync(
            Description, Role, ExpiresInDays, User.Identity!.Name!, RemoteAddress, cancellationToken);
        if (unreadable is not null)
        {
            errors["ExpiresInDays"] = text[
                "The lifetime '{0}' is invalid: enter a whole number of days from 1 to {1}.", unreadable, ApiKeyService.MaxLifetimeDays];
        }

        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError(field, message);
        }

        CreatedKey = created;
        Keys = await keys.ListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken cancellationToken)
    {
        if (!await apiKeys.RevokeAsync(id, User.Identity!.Name!, RemoteAddress, cancellationToken))
        {
            return NotFound();
        }

        Notice = text["Revoked API key {0}. Requests with it are now rejected.", id];
        Keys = await keys.ListAsync(cancellationToken);
        return Page();
    }

    private string? RemoteAddress => HttpContext.Connection.RemoteIpAddress?.ToString();
}
