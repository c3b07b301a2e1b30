using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Security;

/// <summary>The admin pages for users and API keys, and the access-log page.</summary>
public sealed partial class AdminPageTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory _factory = new();
    private HttpClient _admin = null!;

    public async Task InitializeAsync() => _admin = await _factory.CreateSignedInClientAsync(PortalRoles.Admin);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    [GeneratedRegex("<code id=\"new-api-key\">([^<]+)</code>")]
    private static partial Regex NewKey();

    [Fact]
    public async Task LockedUser_Unlock_EndsLockOutAndStaysActive()
    {
        await _factory.CreateUserAsync("lena", PortalRoles.Auditor, "lena-password-99");
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        for (int attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await PortalForms.PostAsync(
                client, "/signin", "/signin", new() { ["Name"] = "lena", ["Password"] = "wrong-password-00" });
        }

        string page = await _admin.GetStringAsync("/admin/users");
        Assert.Contains("aria-label=\"Unlock lena\"", page);

        using var unlock = await PortalForms.PostAsync(_admin, "/admin/users", "/admin/users?handler=Enable&name=lena");

        Assert.Equal(HttpStatusCode.OK, unlock.StatusCode);
        Assert.Null(DatabaseFile.QuerySingle<string?>(_factory, "SELECT locked_until FROM users WHERE name = 'lena'"));
        Assert.Equal(0L, DatabaseFile.QuerySingle<long>(_factory, "SELECT disabled FROM users WHERE name = 'lena'"));
        Assert.DoesNotContain("aria-label=\"Unlock lena\"", await unlock.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CreateUser_Valid_UserCanSignIn()
    {
        using var response = await PortalForms.PostAsync(_admin, "/admin/users", "/admin/users?handler=Create", new()
        {
            ["Name"] = "frank", ["Role"] = PortalRoles.Regulator, ["Password"] = "frank-password-99",
        });

        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Created user frank with role regulator.", html);
        Assert.DoesNotContain("frank-password-99", html);
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var signIn = await PortalForms.PostAsync(
            client, "/signin", "/signin", new() { ["Name"] = "frank", ["Password"] = "frank-password-99" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task CreateUser_Invalid_ShowsErrorsAndKeepsName()
    {
        using var response = await PortalForms.PostAsync(_admin, "/admin/users", "/admin/users?handler=Create", new()
        {
            ["Name"] = "grace", ["Role"] = "owner", ["Password"] = "short",
        });

        string html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The role &#x27;owner&#x27; is unknown", html);
        Assert.Contains("The password has 5 characters: use at least 12.", html);
        Assert.Contains("value=\"grace\"", html);
        Assert.Equal(0, DatabaseFile.QuerySingle<long>(_factory, "SELECT count(*) FROM users WHERE name = 'grace'"));
    }

    [Fact]
    public async Task DisableUser_EndsTheirSignIn()
    {
        using var auditor = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);
        string name = PortalFactory.TestUserName(PortalRoles.Auditor);

        using var response = await PortalForms.PostAsync(_admin, "/admin/users", $"/admin/users?handler=Disable&name={name}");

        Assert.Contains($"Disabled user {name}.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await auditor.GetAsync("/decisions")).StatusCode);
        Assert.Equal(1, DatabaseFile.QuerySingle<long>(_factory, "SELECT count(*) FROM access_log WHERE event = 'user-disabled' AND subject = @name", new { name }));
    }

    [Fact]
    public async Task DisableUser_Self_IsRejected()
    {
        string name = PortalFactory.TestUserName(PortalRoles.Admin);

        using var response = await PortalForms.PostAsync(_admin, "/admin/users", $"/admin/users?handler=Disable&name={name}");

        Assert.Contains("You cannot disable your own account", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, DatabaseFile.QuerySingle<long>(_factory, "SELECT disabled FROM users WHERE name = @name", new { name }));
    }

    [Fact]
    public async Task EnableUser_EndsLockout()
    {
        await _factory.CreateUserAsync("heidi", PortalRoles.Auditor, "heidi-password-1");
        DatabaseFile.Execute(_factory, "UPDATE users SET locked_until = '2999-01-01T00:00:00.0000000+00:00' WHERE name = 'heidi'");

        await PortalForms.PostAsync(_admin, "/admin/users", "/admin/users?handler=Enable&name=heidi");

        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var signIn = await PortalForms.PostAsync(
            client, "/signin", "/signin", new() { ["Name"] = "heidi", ["Password"] = "heidi-password-1" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task CreateApiKey_ShowsKeyOnceAndKeyWorks()
    {
        using var response = await PortalForms.PostAsync(_admin, "/admin/api-keys", "/admin/api-keys?handler=Create", new()
        {
            ["Description"] = "nightly export", ["Role"] = PortalRoles.Regulator, ["ExpiresInDays"] = "7",
        });

        var match = NewKey().Match(await response.Content.ReadAsStringAsync());
        Assert.True(match.Success, "The response shows no new key.");
        string key = match.Groups[1].Value;
        Assert.DoesNotContain(key, await _admin.GetStringAsync("/admin/api-keys"));
        using var api = _factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/rule-sets")).StatusCode);
        string expires = DatabaseFile.QuerySingle<string>(_factory, "SELECT expires_at FROM api_keys WHERE description = 'nightly export'");
        Assert.InRange((DateTimeOffset.Parse(expires, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow).TotalDays, 6.9, 7);
    }

    [Theory]
    [InlineData("0", "The lifetime &#x27;0&#x27; is invalid")]
    [InlineData("400", "The lifetime &#x27;400&#x27; is invalid")]
    [InlineData("1,5", "The lifetime &#x27;1,5&#x27; is invalid")]
    [InlineData("99999999999", "The lifetime &#x27;99999999999&#x27; is invalid")]
    public async Task CreateApiKey_BadLifetime_ShowsError(string days, string message)
    {
        using var response = await PortalForms.PostAsync(_admin, "/admin/api-keys", "/admin/api-keys?handler=Create", new()
        {
            ["Description"] = "too long", ["Role"] = PortalRoles.Regulator, ["ExpiresInDays"] = days,
        });

        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html);
        Assert.DoesNotMatch(NewKey(), html);
        Assert.Equal(0, DatabaseFile.QuerySingle<long>(_factory, "SELECT count(*) FROM api_keys"));
    }

    [Fact]
    public async Task CreateApiKey_ControlCharacterInDescription_ShowsError()
    {
        using var response = await PortalForms.PostAsync(_admin, "/admin/api-keys", "/admin/api-keys?handler=Create", new()
        {
            ["Description"] = "night\u001bly", ["Role"] = PortalRoles.Regulator, ["ExpiresInDays"] = "7",
        });

        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The description contains a control character; use visible text only.", html);
        Assert.DoesNotMatch(NewKey(), html);
        Assert.Equal(0, DatabaseFile.QuerySingle<long>(_factory, "SELECT count(*) FROM api_keys"));
    }

    [Fact]
    public async Task AdminForm_WithoutAntiforgeryToken_IsRejected()
    {
        using var response = await _admin.PostAsync("/admin/users?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "ivan", ["Role"] = PortalRoles.Admin, ["Password"] = "ivan-password-123",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, DatabaseFile.QuerySingle<long>(_factory, "SELECT count(*) FROM users WHERE name = 'ivan'"));
    }

    [Fact]
    public async Task AccessLogPage_ShowsFailedSignIn()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        await PortalForms.PostAsync(client, "/signin", "/signin", new() { ["Name"] = "judy", ["Password"] = "wrong-password" });

        string html = await _admin.GetStringAsync("/access-log?event=sign-in-failed");

        Assert.Contains("<td>judy</td>", html);
        Assert.Contains("unknown user", html);
        Assert.DoesNotContain("wrong-password", html);
    }
}
