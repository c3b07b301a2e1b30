using PolicyEngine.Portal.Api;
using PolicyEngine.Portal.Hosting;
using PolicyEngine.Portal.Localization;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddAppSettingsFromOutput();
if (StartupTasks.IsCommand(args))
{
    // A command's output is its result, such as PASS and FAIL lines: keep log lines out of it.
    builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
        options => options.LogToStandardErrorThreshold = LogLevel.Trace);
}

// Serves wwwroot from the project through the build's static web assets manifest in every
// environment, because dotnet run starts the portal outside the project folder. A published
// portal has no such manifest and serves its own wwwroot.
builder.WebHost.UseStaticWebAssets();
builder.Services.AddPolicyEngineStorage(builder.Configuration);
builder.Services.AddPolicyEngine();
builder.Services.AddPortalWeb();
builder.Services.AddPortalLocalization();
builder.Services.AddPortalSecurity(builder.Configuration);

var app = builder.Build();
if (await app.RunCommandAsync(args) is { } exitCode)
{
    return exitCode;
}

await app.Services.PrepareDatabaseAsync();
await DemoAccounts.CreateOnFirstStartAsync(app.Services, app.Environment);

app.UsePortalErrorPages();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UsePortalLocalization();
app.UseAuthorization();
app.MapOpenApi();
app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription().AllowAnonymous();
app.MapDecisionEndpoints();
app.MapDecisionExportEndpoints();
app.MapEvidenceEndpoints();
app.MapRuleSetEndpoints();
app.MapRuleSetDraftEndpoints();
app.MapRazorPages();

try
{
    await app.RunAsync();
}
catch (IOException ex) when (ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
{
    await Console.Error.WriteLineAsync($"The portal could not start: {ex.Message} Stop the other process or pass --urls http://127.0.0.1:PORT.");
    return 1;
}

return 0;

/// <summary>Entry point, public so that integration tests can host the portal with WebApplicationFactory.</summary>
public partial class Program;
