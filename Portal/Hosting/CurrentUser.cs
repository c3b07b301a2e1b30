namespace PolicyEngine.Portal.Hosting;

/// <summary>The name of the user acting in the current request, as edit logs record it.</summary>
public interface ICurrentUser
{
    string Name { get; }
}

/// <summary>
/// Reads the user's name from the request's signed-in identity, or returns <see cref="Anonymous"/>
/// when the request has no signed-in user.
/// </summary>
public sealed class HttpContextCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public const string Anonymous = "anonymous";

    public string Name =>
        accessor.HttpContext?.User.Identity?.Name is { Length: > 0 } name ? name : Anonymous;
}
