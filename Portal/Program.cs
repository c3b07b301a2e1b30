using PolicyEngine.Portal.Api;
using PolicyEngine.Portal.Hosting;
using PolicyEngine.Portal.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddAppSettingsFromOutput();
builder.Services.AddPolicyEngineStorage(builder.Configuration);
builder.Services.AddPolicyEngine();
builder.Services.AddPortalWeb();

var app = builder.Build();
if (await app.RunCommandAsync(args) is { } exitCode)
{
    return exitCode;
}

await app.Services.PrepareDatabaseAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseStaticFiles();
app.UseRouting();
app.MapOpenApi();
app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
app.MapDecisionEndpoints();
app.MapRazorPages();

await app.RunAsync();
return 0;

/// <summary>Entry point, public so that integration tests can host the portal with WebApplicationFactory.</summary>
public partial class Program;
