using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Security;

/// <summary>Bearer API keys: storage, use, revocation and expiry.</summary>
public sealed class ApiKeyTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private HttpClient ClientWithKey(string key)
    {
        var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static string KeyId(string key) => key.Split('_')[1];

    [Fact]
    public async Task Key_IsStoredAsSha256Only()
    {
        string key = await _factory.CreateApiKeyAsync(PortalRoles.Auditor);
        string id = KeyId(key);

        string stored = DatabaseFile.QuerySingle<string>(_factory, "SELECT key_sha256 FROM api_keys WHERE id = @id", new { id });
        long rowsWithKey = DatabaseFile.QuerySingle<long>(
            _factory,
            "SELECT count(*) FROM api_keys WHERE instr(id || description || role || key_sha256 || created_by, @secret) > 0",
            new { secret = key[(key.LastIndexOf('_') + 1)..] });

        Assert.StartsWith(ApiKeyService.Prefix, key);
        Assert.Equal(ApiKeyService.Hash(key), stored);
        Assert.Equal(64, stored.Length);
        Assert.Equal(0, rowsWithKey);
    }

    [Fact]
    public async Task Key_Valid_IsAcceptedAndLogged()
    {
        string key = await _factory.CreateApiKeyAsync(PortalRoles.Regulator);
        using var client = ClientWithKey(key);

        using var response = await client.GetAsync("/api/v1/rule-sets");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string detail = DatabaseFile.QuerySingle<string>(
            _factory, "SELECT detail FROM access_log WHERE event = 'api-key-used' AND subject = @id", new { id = KeyId(key) });
        Assert.Equal("GET /api/v1/rule-sets", detail);
        Assert.NotNull(DatabaseFile.QuerySingle<string?>(_factory, "SELECT last_used_at FROM api_keys WHERE id = @id", new { id = KeyId(key) }));
    }

    [Fact]
    public async Task Key_Revoked_IsRejected()
    {
        string key = await _factory.CreateApiKeyAsync(PortalRoles.Auditor);
        using var client = ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/decisions")).StatusCode);
        using var admin = await _factory.CreateSignedInClientAsync(PortalRoles.Admin);
        using var revoked = await PortalForms.PostAsync(admin, "/admin/api-keys", $"/admin/api-keys?handler=Revoke&id={KeyId(key)}");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        using var response = await client.GetAsync("/api/v1/decisions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("was revoked", problem["detail"]!.GetValue<string>());
        Assert.Equal(1, DatabaseFile.QuerySingle<long>(
            _factory, "SELECT count(*) FROM access_log WHERE event = 'api-key-rejected' AND subject = @id", new { id = KeyId(key) }));
    }

    [Fact]
    public async Task Key_Expired_IsRejected()
    {
        string key = await _factory.CreateApiKeyAsync(PortalRoles.Auditor);
        DatabaseFile.Execute(
            _factory,
            "UPDATE api_keys SET expires_at = @past WHERE id = @id",
            new { past = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), id = KeyId(key) });
        using var client = ClientWithKey(key);

        using var response = await client.GetAsync("/api/v1/decisions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("expired", problem["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("pek_0000000000000000_secret")]
    [InlineData("not-a-key")]
    public async Task Key_Unknown_IsRejected(string key)
    {
        await _factory.CreateApiKeyAsync(PortalRoles.Auditor);
        using var client = ClientWithKey(key);

        using var response = await client.GetAsync("/api/v1/decisions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Key_WithChangedSecret_IsRejected()
    {
        string key = await _factory.CreateApiKeyAsync(PortalRoles.Auditor);
        char last = key[^1] == 'A' ? 'B' : 'A';
        using var client = ClientWithKey(key[..^1] + last);

        using var response = await client.GetAsync("/api/v1/decisions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
