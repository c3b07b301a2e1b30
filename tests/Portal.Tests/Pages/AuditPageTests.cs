using System.Net;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Pages;

/// <summary>The audit-log page over a real portal whose database file a test may tamper with.</summary>
public sealed class AuditPageTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory _factory = new();
    private HttpClient _client = null!;
    private HttpClient _api = null!;

    /// <summary>Signs an auditor in for the pages and creates an auditor's API key for the API.</summary>
    public async Task InitializeAsync()
    {
        _client = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);
        _api = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    private async Task<List<string>> DecideAsync(int count)
    {
        var ids = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var response = await _api.PostAsync(
                "/api/v1/decisions",
                new StringContent(Samples.ReadCase("warehouse-robot-ignored-warnings.json"), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add(response.Headers.Location!.OriginalString.Split('/')[^1]);
        }

        return ids;
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath}");
        connection.Open();
        connection.Execute(sql);
    }

    [Fact]
    public async Task AuditPage_EmptyLog_SaysWhatToDo()
    {
        string html = await _client.GetStringAsync("/audit");

        Assert.Contains("The chain verifies:", html);
        Assert.Contains("<a href=\"/cases/new\">Enter a case</a>", html);
        Assert.Contains("Nothing to sign yet", html);
    }

    [Fact]
    public async Task AuditPage_CleanChain_Verifies()
    {
        await DecideAsync(3);

        string html = await _client.GetStringAsync("/audit");

        Assert.Contains("<strong>The chain verifies:</strong> 3 decision(s)", html);
        Assert.Contains("3 signed head(s), and the latest one is the last decision, 3.", html);
        Assert.DoesNotContain("role=\"alert\"", html);
    }

    [Fact]
    public async Task AuditPage_AlteredDecision_LinksToIt()
    {
        var ids = await DecideAsync(3);
        Execute("DROP TRIGGER decisions_no_update; UPDATE decisions SET damage_amount = '1.00' WHERE sequence = 2");

        string html = await _client.GetStringAsync("/audit");

        Assert.Contains("The chain is broken at decision 2", html);
        Assert.Contains($"<a href=\"/decisions/{ids[1]}\">Open decision 2</a>", html);
    }

    [Fact]
    public async Task AuditPage_TruncatedChain_ShowsSignatureProblem()
    {
        await DecideAsync(3);
        Execute("DROP TRIGGER decisions_no_delete; DELETE FROM decisions WHERE sequence = 3");

        string html = await _client.GetStringAsync("/audit");

        Assert.Contains("<strong>The chain verifies:</strong> 2 decision(s)", html);
        Assert.Contains("The signed chain heads do not verify", html);
        Assert.Contains("The chain ends at decision 2, but a signed head records decision 3: decision 3 was removed.", html);
    }

    [Fact]
    public async Task Portal_FirstStart_CreatesSigningKeyBesideDatabase()
    {
        string keyPath = Path.Combine(_factory.Folder, "keys", "chain-signing.pem");

        await _client.GetAsync("/health");

        Assert.True(File.Exists(keyPath), $"no key file at {keyPath}");
    }
}
