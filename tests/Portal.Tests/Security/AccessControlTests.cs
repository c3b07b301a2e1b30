using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Security;

/// <summary>Who reaches which page and endpoint: anonymous requests and each role.</summary>
public sealed class AccessControlTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/decisions")]
    [InlineData("/evidence")]
    [InlineData("/rulesets")]
    [InlineData("/rulesets/eu")]
    [InlineData("/cases/new")]
    [InlineData("/admin/users")]
    [InlineData("/admin/api-keys")]
    [InlineData("/access-log")]
    [InlineData("/audit")]
    [InlineData("/rulesets/eu/versions/1")]
    [InlineData("/signout")]
    [InlineData("/openapi/v1.json")]
    public async Task Anonymous_Page_RedirectsToSignIn(string path)
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/signin?returnUrl={Uri.EscapeDataString(path)}", response.Headers.Location!.PathAndQuery);
    }

    /// <summary>
    /// Downloads are minimal API endpoints, for which ASP.NET Core 10's cookie handler would
    /// return 401; the portal redirects them to the sign-in page like its pages.
    /// </summary>
    [Theory]
    [InlineData("/rulesets/eu/versions/1/export")]
    [InlineData("/decisions/export.csv")]
    [InlineData("/decisions/export.json")]
    public async Task Anonymous_Download_RedirectsToSignIn(string path)
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/signin?returnUrl={Uri.EscapeDataString(path)}", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/signin")]
    [InlineData("/health")]
    public async Task Anonymous_PublicPage_IsServed(string path)
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/v1/decisions")]
    [InlineData("POST", "/api/v1/decisions")]
    [InlineData("GET", "/api/v1/evidence")]
    [InlineData("GET", "/api/v1/rule-sets")]
    [InlineData("POST", "/api/v1/rule-sets/eu/scenario-runs")]
    public async Task Anonymous_Api_Returns401Problem(string method, string path)
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(401, problem["status"]!.GetValue<int>());
        Assert.Contains("Authorization: Bearer", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Api_SignInCookie_IsNotAccepted()
    {
        using var client = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);

        using var response = await client.GetAsync("/api/v1/decisions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>The role table for pages: 200 where the role may read the page, 403 where it may not.</summary>
    [Theory]
    [InlineData("/decisions", PortalRoles.Regulator, HttpStatusCode.OK)]
    [InlineData("/decisions", PortalRoles.Auditor, HttpStatusCode.OK)]
    [InlineData("/decisions", PortalRoles.Admin, HttpStatusCode.Forbidden)]
    [InlineData("/evidence", PortalRoles.Regulator, HttpStatusCode.OK)]
    [InlineData("/evidence", PortalRoles.Auditor, HttpStatusCode.OK)]
    [InlineData("/evidence", PortalRoles.Admin, HttpStatusCode.Forbidden)]
    [InlineData("/rulesets", PortalRoles.Regulator, HttpStatusCode.OK)]
    [InlineData("/rulesets", PortalRoles.Auditor, HttpStatusCode.OK)]
    [InlineData("/rulesets", PortalRoles.Admin, HttpStatusCode.Forbidden)]
    [InlineData("/cases/new", PortalRoles.Regulator, HttpStatusCode.Forbidden)]
    [InlineData("/cases/new", PortalRoles.Auditor, HttpStatusCode.OK)]
    [InlineData("/cases/new", PortalRoles.Admin, HttpStatusCode.Forbidden)]
    [InlineData("/admin/users", PortalRoles.Regulator, HttpStatusCode.Forbidden)]
    [InlineData("/admin/users", PortalRoles.Auditor, HttpStatusCode.Forbidden)]
    [InlineData("/admin/users", PortalRoles.Admin, HttpStatusCode.OK)]
    [InlineData("/admin/api-keys", PortalRoles.Regulator, HttpStatusCode.Forbidden)]
    [InlineData("/admin/api-keys", PortalRoles.Auditor, HttpStatusCode.Forbidden)]
    [InlineData("/admin/api-keys", PortalRoles.Admin, HttpStatusCode.OK)]
    [InlineData("/access-log", PortalRoles.Regulator, HttpStatusCode.Forbidden)]
    [InlineData("/access-log", PortalRoles.Auditor, HttpStatusCode.OK)]
    [InlineData("/access-log", PortalRoles.Admin, HttpStatusCode.OK)]
    [InlineData("/audit", PortalRoles.Regulator, HttpStatusCode.Forbidden)]
    [InlineData("/audit", PortalRoles.Auditor, HttpStatusCode.OK)]
    [InlineData("/audit", PortalRoles.Admin, HttpStatusCode.Forbidden)]
    [InlineData("/rulesets/eu/versions/1", PortalRoles.Regulator, HttpStatusCode.OK)]
    [InlineData("/rulesets/eu/versions/1", PortalRoles.Auditor, HttpStatusCode.OK)]
    [InlineData("/rulesets/eu/versions/1", PortalRoles.Admin, HttpStatusCode.Forbidden)]
    [InlineData("/rulesets/eu/diff?from=1&to=1", PortalRoles.Auditor, HttpStatusCode.OK)]
    [InlineData("/rulesets/eu/diff?from=1&to=1", PortalRoles.Admin, HttpStatusCode.Forbidden)]
    [InlineData("/rulesets/eu/versions/1/export", PortalRoles.Auditor, HttpStatusCode.OK)]
    [InlineData("/rulesets/eu/versions/1/export", PortalRoles.Admin, HttpStatusCode.Forbidden)]
    [InlineData("/decisions/export.csv", PortalRoles.Regulator, HttpStatusCode.OK)]
    [InlineData("/decisions/export.json", PortalRoles.Auditor, HttpStatusCode.OK)]
    [InlineData("/decisions/export.csv", PortalRoles.Admin, HttpStatusCode.Forbidden)]
    public async Task Page_Role_GetsExpectedStatus(string path, string role, HttpStatusCode expected)
    {
        using var client = await _factory.CreateSignedInClientAsync(role);

        using var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("Not allowed", await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>
    /// Drafts by role: only regulators open a draft's page, which is its editor; auditors and
    /// admins are refused.
    /// </summary>
    [Theory]
    [InlineData(PortalRoles.Regulator, HttpStatusCode.OK)]
    [InlineData(PortalRoles.Auditor, HttpStatusCode.Forbidden)]
    [InlineData(PortalRoles.Admin, HttpStatusCode.Forbidden)]
    public async Task DraftPage_Role_GetsExpectedStatus(string role, HttpStatusCode expected)
    {
        using var api = await _factory.CreateApiClientAsync(PortalRoles.Regulator);
        int draft = await RuleSetDrafts.CreateAsync(api, "eu", 1);
        using var client = await _factory.CreateSignedInClientAsync(role);

        using var response = await client.GetAsync($"/rulesets/eu/versions/{draft}");

        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>
    /// The role table for the API. A request that passes authorization may still fail
    /// validation, so allowed requests are checked to be neither 401 nor 403.
    /// </summary>
    [Theory]
    [InlineData("GET", "/api/v1/decisions", PortalRoles.Regulator, true)]
    [InlineData("GET", "/api/v1/decisions", PortalRoles.Auditor, true)]
    [InlineData("GET", "/api/v1/decisions", PortalRoles.Admin, false)]
    [InlineData("POST", "/api/v1/decisions", PortalRoles.Regulator, false)]
    [InlineData("POST", "/api/v1/decisions", PortalRoles.Auditor, true)]
    [InlineData("POST", "/api/v1/decisions", PortalRoles.Admin, false)]
    [InlineData("POST", "/api/v1/evidence", PortalRoles.Regulator, false)]
    [InlineData("POST", "/api/v1/evidence", PortalRoles.Auditor, true)]
    [InlineData("GET", "/api/v1/evidence", PortalRoles.Regulator, true)]
    [InlineData("GET", "/api/v1/rule-sets", PortalRoles.Regulator, true)]
    [InlineData("GET", "/api/v1/rule-sets", PortalRoles.Admin, false)]
    [InlineData("POST", "/api/v1/rule-sets/eu/scenario-runs", PortalRoles.Regulator, true)]
    [InlineData("POST", "/api/v1/rule-sets/eu/scenario-runs", PortalRoles.Auditor, true)]
    [InlineData("POST", "/api/v1/rule-sets/eu/drafts", PortalRoles.Regulator, true)]
    [InlineData("POST", "/api/v1/rule-sets/eu/drafts", PortalRoles.Auditor, false)]
    [InlineData("PUT", "/api/v1/rule-sets/eu/versions/1/content", PortalRoles.Auditor, false)]
    [InlineData("PUT", "/api/v1/rule-sets/eu/versions/1/scenarios", PortalRoles.Auditor, false)]
    [InlineData("POST", "/api/v1/rule-sets/eu/versions/1/publish", PortalRoles.Auditor, false)]
    [InlineData("POST", "/api/v1/rule-sets/imports", PortalRoles.Regulator, true)]
    [InlineData("POST", "/api/v1/rule-sets/imports", PortalRoles.Auditor, false)]
    [InlineData("POST", "/api/v1/rule-sets/eu/versions/1/impact-previews", PortalRoles.Regulator, true)]
    [InlineData("POST", "/api/v1/rule-sets/eu/versions/1/impact-previews", PortalRoles.Auditor, false)]
    [InlineData("GET", "/api/v1/rule-sets/impact-previews/unknown", PortalRoles.Auditor, false)]
    [InlineData("GET", "/api/v1/rule-sets/eu/versions/1/export", PortalRoles.Auditor, true)]
    [InlineData("GET", "/api/v1/rule-sets/eu/versions/1/export", PortalRoles.Admin, false)]
    [InlineData("GET", "/api/v1/decisions/export.csv", PortalRoles.Regulator, true)]
    [InlineData("GET", "/api/v1/decisions/export.json", PortalRoles.Auditor, true)]
    [InlineData("GET", "/api/v1/decisions/export.csv", PortalRoles.Admin, false)]
    public async Task Api_Role_IsAllowedOrForbidden(string method, string path, string role, bool allowed)
    {
        using var client = await _factory.CreateApiClientAsync(role);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        if (allowed)
        {
            Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Contains($"role '{role}'", problem["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task EvidenceUpload_Regulator_IsForbidden()
    {
        using var client = await _factory.CreateSignedInClientAsync(PortalRoles.Regulator);

        string page = await client.GetStringAsync("/evidence");
        using var response = await PortalForms.PostAsync(client, "/evidence", "/evidence");

        Assert.DoesNotContain("Upload a model's predictions", page);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(PortalRoles.Regulator, "/decisions", "/cases/new")]
    [InlineData(PortalRoles.Auditor, "/cases/new", "/admin/users")]
    [InlineData(PortalRoles.Admin, "/admin/users", "/decisions")]
    [InlineData(PortalRoles.Auditor, "/audit", "/admin/api-keys")]
    [InlineData(PortalRoles.Regulator, "/rulesets", "/audit")]
    public async Task Navigation_ShowsLinksForRole(string role, string shown, string hidden)
    {
        using var client = await _factory.CreateSignedInClientAsync(role);

        string html = await client.GetStringAsync("/");
        int navStart = html.IndexOf("<nav aria-label=\"Main\">", StringComparison.Ordinal);
        string navigation = html[navStart..html.IndexOf("</nav>", navStart, StringComparison.Ordinal)];

        Assert.Contains($"Signed in as <strong>{PortalFactory.TestUserName(role)}</strong> ({role})", html);
        Assert.Contains($"href=\"{shown}\"", navigation);
        Assert.DoesNotContain($"href=\"{hidden}\"", navigation);
    }
}
