using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Security;

/// <summary>Demo accounts exist only in a Development portal.</summary>
public sealed class DemoCredentialsTests
{
    [Fact]
    public async Task Development_FirstStart_WritesWorkingCredentials()
    {
        using var factory = new PortalFactory("Development");
        factory.CreateClient().Dispose();

        var file = JsonNode.Parse(await File.ReadAllTextAsync(factory.DemoCredentialsPath))!;
        var users = file["users"]!.AsArray();
        Assert.Equal(PortalRoles.All, users.Select(u => u!["role"]!.GetValue<string>()));
        foreach (var user in users)
        {
            using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
            using var response = await PortalForms.PostAsync(client, "/signin", "/signin", new()
            {
                ["Name"] = user!["name"]!.GetValue<string>(),
                ["Password"] = user["password"]!.GetValue<string>(),
            });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        using var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", file["apiKey"]!["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/decisions")).StatusCode);
    }

    [Fact]
    public async Task Development_SecondStart_KeepsFirstCredentials()
    {
        using var factory = new PortalFactory("Development");
        factory.CreateClient().Dispose();
        string first = await File.ReadAllTextAsync(factory.DemoCredentialsPath);

        await using var restarted = factory.WithWebHostBuilder(_ => { });
        restarted.CreateClient().Dispose();

        Assert.Equal(first, await File.ReadAllTextAsync(factory.DemoCredentialsPath));
        Assert.Equal(3, DatabaseFile.QuerySingle<long>(factory, "SELECT count(*) FROM users"));
    }

    [Theory]
    [InlineData("Testing")]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void OtherEnvironment_CreatesNoDemoAccounts(string environment)
    {
        using var factory = new PortalFactory(environment);
        factory.CreateClient().Dispose();

        Assert.False(File.Exists(factory.DemoCredentialsPath));
        Assert.Equal(0, DatabaseFile.QuerySingle<long>(factory, "SELECT count(*) FROM users"));
        Assert.Equal(0, DatabaseFile.QuerySingle<long>(factory, "SELECT count(*) FROM api_keys"));
    }
}
