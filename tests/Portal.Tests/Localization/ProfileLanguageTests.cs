using System.Net;
using PolicyEngine.Portal.Localization;
using PolicyEngine.Portal.Pages;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Localization;

/// <summary>
/// The page language comes from the user's profile, else the browser's Accept-Language, else
/// English. The profile also sets the time zone, and rejects values it does not offer.
/// </summary>
public sealed class ProfileLanguageTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static async Task<string> GetPageAsync(HttpClient client, string path, string? acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private string? StoredLanguage(string name) => DatabaseFile.QuerySingle<string?>(
        _factory, "SELECT language FROM users WHERE name = @name", new { name });

    private string StoredTimeZone(string name) => DatabaseFile.QuerySingle<string>(
        _factory, "SELECT time_zone FROM users WHERE name = @name", new { name });

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("zh-Hans")]
    [InlineData("zh")]
    [InlineData("zh-SG, en;q=0.5")]
    [InlineData("de-DE,de;q=0.9,fr;q=0.8,zh-CN;q=0.7")]
    [InlineData("en;q=0.1, zh-CN")]
    public async Task HomePage_ChineseBrowser_ShownInSimplifiedChinese(string acceptLanguage)
    {
        var client = _factory.CreateClient();

        string page = await GetPageAsync(client, "/", acceptLanguage);

        Assert.Contains("<html lang=\"zh-Hans\">", page);
        Assert.Contains(">登录</a>", page);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("en-GB")]
    [InlineData("fr-FR")]
    [InlineData("zh-CN;q=0")]
    [InlineData("zh-CN;q=0, en;q=0.1")]
    [InlineData("zh-TW")]
    public async Task HomePage_OtherBrowsers_ShownInEnglish(string? acceptLanguage)
    {
        var client = _factory.CreateClient();

        string page = await GetPageAsync(client, "/", acceptLanguage);

        Assert.Contains("<html lang=\"en\">", page);
        Assert.Contains(">Sign in</a>", page);
    }

    [Fact]
    public async Task Profile_ChineseChosen_OverridesEnglishBrowser()
    {
        var client = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);
        string name = PortalFactory.TestUserName(PortalRoles.Auditor);

        using var saved = await PortalForms.PostAsync(client, "/profile", "/profile",
            new() { ["Language"] = PortalCultures.SimplifiedChinese, ["TimeZone"] = "Asia/Shanghai" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(PortalCultures.SimplifiedChinese, StoredLanguage(name));
        Assert.Equal("Asia/Shanghai", StoredTimeZone(name));
        string page = await GetPageAsync(client, "/profile?saved=true", "en-GB");
        Assert.Contains("<html lang=\"zh-Hans\">", page);
        Assert.Contains("设置已保存。", page);
        Assert.Contains("(Asia/Shanghai)", page);
    }

    [Fact]
    public async Task Profile_BrowserLanguageChosen_FollowsAcceptLanguage()
    {
        var client = await _factory.CreateSignedInClientAsync(PortalRoles.Regulator);
        string name = PortalFactory.TestUserName(PortalRoles.Regulator);
        using var chinese = await PortalForms.PostAsync(client, "/profile", "/profile",
            new() { ["Language"] = PortalCultures.SimplifiedChinese, ["TimeZone"] = "UTC" });

        using var browser = await PortalForms.PostAsync(client, "/profile", "/profile",
            new() { ["Language"] = ProfileModel.BrowserLanguage, ["TimeZone"] = "UTC" });

        Assert.Equal(HttpStatusCode.Redirect, browser.StatusCode);
        Assert.Null(StoredLanguage(name));
        Assert.Contains("<html lang=\"en\">", await GetPageAsync(client, "/profile", "en-GB"));
        Assert.Contains("<html lang=\"zh-Hans\">", await GetPageAsync(client, "/profile", "zh-CN"));
    }

    [Theory]
    [InlineData("fr", "UTC", "Language", "The language 'fr' is not supported")]
    [InlineData("en", "Mars/Olympus_Mons", "TimeZone", "The time zone 'Mars/Olympus_Mons' is unknown")]
    [InlineData("en", "", "TimeZone", "The time zone '' is unknown")]
    public async Task Profile_BadValue_ErrorBesideFieldAndNothingStored(
        string language, string timeZone, string field, string message)
    {
        var client = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);
        string name = PortalFactory.TestUserName(PortalRoles.Auditor);

        using var response = await PortalForms.PostAsync(client, "/profile", "/profile",
            new() { ["Language"] = language, ["TimeZone"] = timeZone });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string page = await response.Content.ReadAsStringAsync();
        Assert.Contains($"id=\"{field}-error\">{WebUtility.HtmlEncode(message)}", page.Replace("&#x27;", "&#39;"));
        Assert.Matches($"<select[^>]*aria-describedby=\"{field}-error\"[^>]*aria-invalid=\"true\"", page);
        Assert.Null(StoredLanguage(name));
        Assert.Equal("UTC", StoredTimeZone(name));
    }

    [Fact]
    public async Task Profile_Anonymous_RedirectedToSignIn()
    {
        var client = _factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/profile");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery);
    }
}
