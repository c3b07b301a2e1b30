using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Security;

/// <summary>Every download of decisions or of a rule-set version writes an export entry to the access log.</summary>
public sealed class ExportAccessLogTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private List<(string Subject, string Detail)> ExportEntries()
    {
        using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath}");
        return connection
            .Query<(string, string)>("SELECT subject, detail FROM access_log WHERE event = @e ORDER BY id", new { e = AccessEvents.Export })
            .ToList();
    }

    [Theory]
    [InlineData("/decisions/export.csv?reference=robot", "decisions as csv?reference=robot")]
    [InlineData("/decisions/export.json", "decisions as json")]
    [InlineData("/rulesets/eu/versions/1/export", "rule set eu version 1")]
    public async Task PageExport_IsLoggedWithUser(string path, string detail)
    {
        using var client = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);

        using var response = await client.GetAsync(path);
        await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single(ExportEntries());
        Assert.Equal(PortalFactory.TestUserName(PortalRoles.Auditor), entry.Subject);
        Assert.Equal(detail, entry.Detail);
    }

    [Theory]
    [InlineData("/api/v1/decisions/export.csv", "decisions as csv")]
    [InlineData("/api/v1/rule-sets/eu/versions/1/export", "rule set eu version 1")]
    public async Task ApiExport_IsLoggedWithKey(string path, string detail)
    {
        using var client = await _factory.CreateApiClientAsync(PortalRoles.Regulator);

        using var response = await client.GetAsync(path);
        await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single(ExportEntries());
        Assert.StartsWith("api-key ", entry.Subject);
        Assert.Equal(detail, entry.Detail);
    }

    [Fact]
    public async Task InvalidFilter_IsNotLogged()
    {
        using var client = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);

        using var response = await client.GetAsync("/decisions/export.csv?party=bystander");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(ExportEntries());
    }
}
