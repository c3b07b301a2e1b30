using System.Text.RegularExpressions;

namespace PolicyEngine.Portal.Tests.Infrastructure;

/// <summary>Posts portal forms the way a browser does: with the antiforgery token from the page.</summary>
public static partial class PortalForms
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>Reads the page at <paramref name="pagePath"/> and posts its token, and <paramref name="fields"/>, to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(
        HttpClient client, string pagePath, string action, Dictionary<string, string>? fields = null)
    {
        string page = await client.GetStringAsync(pagePath);
        var match = AntiforgeryToken().Match(page);
        Assert.True(match.Success, $"The page {pagePath} has no antiforgery token.");
        var form = new Dictionary<string, string>(fields ?? []) { ["__RequestVerificationToken"] = match.Groups[1].Value };
        return await client.PostAsync(action, new FormUrlEncodedContent(form));
    }
}
