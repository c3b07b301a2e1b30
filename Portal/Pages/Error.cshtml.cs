using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PolicyEngine.Portal.Pages;

/// <summary>
/// The portal's page for error status codes. The status-code and exception middlewares keep the
/// original status on the response, and the exception middleware has already logged the error.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";

    public string Message { get; private set; } = "";

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        (Title, Message) = code switch
        {
            404 => ("Page not found", "Nothing is at this address. A decision's address contains its id, which starts with dec-."),
            403 => ("Not allowed", "Your role may not open this page or do this action. Sign in with an account whose role allows it, or ask an admin."),
            400 => ("Bad request", "The request could not be understood. Reload the page and try again."),
            405 => ("Method not allowed", "This address does not accept that kind of request."),
            _ => ("Something went wrong", "The portal could not complete the request. The error has been logged; try again, and tell the operator if it persists."),
        };
        return Page();
    }
}
