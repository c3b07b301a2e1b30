using System.Net;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Security;

/// <summary>The sign-in form: passwords, the access log, lock-out, antiforgery and sign-out.</summary>
public sealed class SignInTests : IDisposable
{
    private const string UserName = "erin";
    private const string Password = "erin-password-42";

    private readonly PortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<(HttpClient Client, HttpResponseMessage Response)> SignInAsync(string name, string password)
    {
        var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await PortalForms.PostAsync(
            client, "/signin", "/signin", new() { ["Name"] = name, ["Password"] = password });
        return (client, response);
    }

    private long CountLog(string eventName, string subject) =>
        DatabaseFile.QuerySingle<long>(
            _factory, "SELECT count(*) FROM access_log WHERE event = @eventName AND subject = @subject", new { eventName, subject });

    [Fact]
    public async Task SignIn_RightPassword_RedirectsAndLogs()
    {
        await _factory.CreateUserAsync(UserName, PortalRoles.Regulator, Password);

        var (client, response) = await SignInAsync(UserName, Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/decisions")).StatusCode);
        Assert.Equal(1, CountLog(AccessEvents.SignIn, UserName));
    }

    [Fact]
    public async Task SignIn_ReturnUrl_RedirectsThereOnlyWhenLocal()
    {
        await _factory.CreateUserAsync(UserName, PortalRoles.Regulator, Password);
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });

        using var local = await PortalForms.PostAsync(
            client, "/signin", "/signin?returnUrl=%2Frulesets", new() { ["Name"] = UserName, ["Password"] = Password });
        using var external = await PortalForms.PostAsync(
            client, "/signin", "/signin?returnUrl=https%3A%2F%2Fexample.org%2F", new() { ["Name"] = UserName, ["Password"] = Password });

        Assert.Equal("/rulesets", local.Headers.Location!.OriginalString);
        Assert.Equal("/", external.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsMessageAndLogsFailure()
    {
        await _factory.CreateUserAsync(UserName, PortalRoles.Regulator, Password);

        var (client, response) = await SignInAsync(UserName, "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains(UserService.WrongCredentialsMessage, html);
        Assert.Contains($"value=\"{UserName}\"", html);
        Assert.DoesNotContain("not-the-password", html);
        Assert.Equal(1, CountLog(AccessEvents.SignInFailed, UserName));
        Assert.Equal(0, CountLog(AccessEvents.SignIn, UserName));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/decisions")).StatusCode);
    }

    [Fact]
    public async Task SignIn_UnknownUser_LogsNameAndSameMessage()
    {
        var (_, response) = await SignInAsync("mallory", "whatever-password");

        Assert.Contains(UserService.WrongCredentialsMessage, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, CountLog(AccessEvents.SignInFailed, "mallory"));
    }

    [Fact]
    public async Task SignIn_FiveFailures_LocksAccount()
    {
        await _factory.CreateUserAsync(UserName, PortalRoles.Regulator, Password);
        for (int i = 0; i < 5; i++)
        {
            await SignInAsync(UserName, $"wrong-password-{i}");
        }

        var (client, response) = await SignInAsync(UserName, Password);

        string html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This account is locked after 5 failed sign-ins", html);
        Assert.Equal(1, CountLog(AccessEvents.AccountLocked, UserName));
        Assert.Equal(6, CountLog(AccessEvents.SignInFailed, UserName));
        string lockedUntil = DatabaseFile.QuerySingle<string>(_factory, "SELECT locked_until FROM users WHERE name = @UserName", new { UserName });
        var minutes = (DateTimeOffset.Parse(lockedUntil, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow).TotalMinutes;
        Assert.InRange(minutes, 14, 15);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/decisions")).StatusCode);
    }

    [Fact]
    public async Task SignIn_FourFailuresThenSuccess_ResetsCount()
    {
        await _factory.CreateUserAsync(UserName, PortalRoles.Regulator, Password);
        for (int i = 0; i < 4; i++)
        {
            await SignInAsync(UserName, $"wrong-password-{i}");
        }

        await SignInAsync(UserName, Password);
        await SignInAsync(UserName, "wrong-password-again");
        var (_, response) = await SignInAsync(UserName, Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, CountLog(AccessEvents.AccountLocked, UserName));
    }

    [Fact]
    public async Task SignIn_DisabledUser_IsRejected()
    {
        await _factory.CreateUserAsync(UserName, PortalRoles.Regulator, Password);
        DatabaseFile.Execute(_factory, "UPDATE users SET disabled = 1 WHERE name = @UserName", new { UserName });

        var (_, response) = await SignInAsync(UserName, Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(UserService.WrongCredentialsMessage, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Session_UserDisabledLater_Ends()
    {
        using var client = await _factory.CreateSignedInClientAsync(PortalRoles.Regulator);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/decisions")).StatusCode);

        DatabaseFile.Execute(_factory, "UPDATE users SET disabled = 1 WHERE name = @name", new { name = PortalFactory.TestUserName(PortalRoles.Regulator) });

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/decisions")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_IsRejected()
    {
        await _factory.CreateUserAsync(UserName, PortalRoles.Regulator, Password);
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.PostAsync(
            "/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = UserName, ["Password"] = Password }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, CountLog(AccessEvents.SignIn, UserName));
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_KeepsSession()
    {
        using var client = await _factory.CreateSignedInClientAsync(PortalRoles.Regulator);

        using var response = await client.PostAsync("/signout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/decisions")).StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsSessionAndLogs()
    {
        using var client = await _factory.CreateSignedInClientAsync(PortalRoles.Regulator);

        using var response = await PortalForms.PostAsync(client, "/signout", "/signout");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/decisions")).StatusCode);
        Assert.Equal(1, CountLog(AccessEvents.SignOut, PortalFactory.TestUserName(PortalRoles.Regulator)));
    }

    [Fact]
    public async Task Session_SurvivesPortalRestart()
    {
        await _factory.CreateUserAsync(UserName, PortalRoles.Regulator, Password);
        var (_, response) = await SignInAsync(UserName, Password);
        string cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("PolicyEngine.SignIn=", StringComparison.Ordinal)).Split(';')[0];

        // A second host on the same settings has a new key ring in memory and reads the keys from the folder.
        await using var restarted = _factory.WithWebHostBuilder(_ => { });
        using var client = restarted.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        using var page = await client.GetAsync("/decisions");

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_factory.Folder, "keys"), "key-*.xml"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
