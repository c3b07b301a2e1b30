using System.Net;
using PolicyEngine.Portal.Hosting;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Security;

/// <summary>The <c>users add</c> command, run against a real portal's database.</summary>
public sealed class UsersCommandTests : IDisposable
{
    private readonly PortalFactory _factory = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose() => _factory.Dispose();

    private Task<int> RunAsync(string standardInput, params string[] args)
    {
        _factory.CreateClient().Dispose();
        return UsersCommand.RunAsync(_factory.Services, args, new StringReader(standardInput), _output, _error);
    }

    [Fact]
    public async Task UsersAdd_ValidPassword_CreatesUserWhoCanSignIn()
    {
        int exitCode = await RunAsync("first-admin-password\n", "add", "root", "--role", "admin");

        Assert.Equal(0, exitCode);
        Assert.Contains("Created user root with role admin.", _output.ToString());
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await PortalForms.PostAsync(
            client, "/signin", "/signin", new() { ["Name"] = "root", ["Password"] = "first-admin-password" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);
    }

    [Theory]
    [InlineData("", "The password is empty")]
    [InlineData("short\n", "The password has 5 characters: use at least 12.")]
    public async Task UsersAdd_BadPassword_IsRejected(string input, string message)
    {
        int exitCode = await RunAsync(input, "add", "root", "--role", "admin");

        Assert.Equal(1, exitCode);
        Assert.Contains(message, _error.ToString());
        Assert.Equal(0, DatabaseFile.QuerySingle<long>(_factory, "SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task UsersAdd_UnknownRole_IsRejected()
    {
        int exitCode = await RunAsync("long-enough-password\n", "add", "root", "--role", "owner");

        Assert.Equal(1, exitCode);
        Assert.Contains("The role 'owner' is unknown: use one of regulator, auditor, admin.", _error.ToString());
        Assert.DoesNotContain("Password for root", _error.ToString());
        Assert.Equal(0, DatabaseFile.QuerySingle<long>(_factory, "SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task UsersAdd_ExistingName_IsRejected()
    {
        await RunAsync("long-enough-password\n", "add", "root", "--role", "admin");

        int exitCode = await RunAsync("another-long-password\n", "add", "ROOT", "--role", "auditor");

        Assert.Equal(1, exitCode);
        Assert.Contains("A user named 'ROOT' already exists", _error.ToString());
    }

    [Fact]
    public async Task UsersAdd_SettingsAfterRole_AreAccepted()
    {
        int exitCode = await RunAsync(
            "first-admin-password\n", "add", "root", "--role", "admin", $"--ConnectionStrings:PolicyEngine=Data Source={_factory.DatabasePath}");

        Assert.Equal(0, exitCode);
        Assert.Contains("Created user root with role admin.", _output.ToString());
    }

    [Theory]
    [InlineData("add", "root")]
    [InlineData("remove", "root", "--role", "admin")]
    [InlineData("add", "root", "--rôle", "admin")]
    [InlineData("add", "root", "--role", "admin", "extra")]
    public async Task Users_BadArguments_PrintsUsage(params string[] args)
    {
        int exitCode = await RunAsync("long-enough-password\n", args);

        Assert.Equal(2, exitCode);
        Assert.Contains(UsersCommand.Usage, _error.ToString());
    }
}
