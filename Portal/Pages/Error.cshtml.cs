using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace PolicyEngine.Portal.Pages;

/// <summary>
/// The portal's page for error status codes. The status-code and exception middlewares keep the
/// original status on the response, and the exception middleware has already logged the error.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IStringLocalizer<ErrorModel> text) : PageModel
{
    public string Title { get; private set; } = "";

    public string Message { get; private set; } = "";

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        (Title, Message) = code switch
        {
            404 => (text["Page not found"].Value,
                text["Nothing is at this address. A decision's address contains its id, which starts with dec-."].Value),
            403 => (text["Not allowed"].Value,
                text["Your role may not open this page or do this action. Sign in with an account whose role allows it, or ask an admin."].Value),
            400 => (text["Bad request"].Value,
                text["The request could not be understood. Reload the page and try again."].Value),
            405 => (text["Method not allowed"].Value,
                text["This address does not accept that kind of request."].Value),
            _ => (text["Something went wrong"].Value,
                text["The portal could not complete the request. The error has been logged; try again, and tell the operator if it persists."].Value),
        };
        return Page();
    }
}
