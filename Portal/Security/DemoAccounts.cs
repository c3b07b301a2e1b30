using System.Security.Cryptography;
using System.Text.Json;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Security;

/// <summary>
/// Creates one demo user per role and a demo API key when a Development portal starts with no
/// users, prints them once and writes them to <c>DemoCredentials:Path</c> (by default
/// <c>data/demo-credentials.json</c>). Other environments get no demo accounts.
/// </summary>
public static partial class DemoAccounts
{
    public const string DefaultPath = "data/demo-credentials.json";

    /// <summary>Role of the demo API key: an auditor may read everything and submit cases.</summary>
    public const string ApiKeyRole = PortalRoles.Auditor;

    private const string CreatedBy = "demo set-up";

    private static readonly JsonSerializerOptions FileJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Creates the demo accounts when the environment is Development and no user exists yet.</summary>
    public static async Task CreateOnFirstStartAsync(
        IServiceProvider services, IHostEnvironment environment, CancellationToken cancellationToken = default)
    {
        if (!environment.IsDevelopment()
            || await services.GetRequiredService<UserRepository>().AnyAsync(cancellationToken))
        {
            return;
        }

        var userService = services.GetRequiredService<UserService>();
        var users = new List<DemoUser>();
        foreach (string role in PortalRoles.All)
        {
            var user = new DemoUser($"demo-{role}", role, NewPassword());
            var errors = await userService.CreateAsync(user.Name, role, user.Password, CreatedBy, null, cancellationToken);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"The demo user {user.Name} could not be created: {string.Join(" ", errors.Values)}");
            }

            users.Add(user);
        }

        var (key, _) = await services.GetRequiredService<ApiKeyService>().CreateAsync(
            "demo key", ApiKeyRole, 90, CreatedBy, null, cancellationToken);
        var credentials = new DemoCredentials(
            "Demo accounts of a Development portal. Anyone who can read this file can sign in; never use them elsewhere.",
            users,
            new DemoApiKey(key!.Key, key.Record.Role, key.Record.ExpiresAt));

        string path = Path.GetFullPath(services.GetRequiredService<IConfiguration>()["DemoCredentials:Path"] ?? DefaultPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(credentials, FileJson), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            // The file contains passwords, so only the portal's account may read it.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Print(credentials, path);
    }

    // Printed on the console, not logged, so that the passwords stay out of any log sink.
    private static void Print(DemoCredentials credentials, string path)
    {
        Console.WriteLine("Development portal: created demo accounts (shown once, also written to " + path + "):");
        foreach (var user in credentials.Users)
        {
            Console.WriteLine($"  {user.Role,-10} user {user.Name,-15} password {user.Password}");
        }

        Console.WriteLine($"  API key ({credentials.ApiKey.Role}, expires {credentials.ApiKey.ExpiresAt.UtcDateTime:yyyy-MM-dd}): {credentials.ApiKey.Key}");
    }

    private static string NewPassword() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(15));

    public sealed record DemoUser(string Name, string Role, string Password);

    public sealed record DemoApiKey(string Key, string Role, DateTimeOffset ExpiresAt);

    public sealed record DemoCredentials(string Note, IReadOnlyList<DemoUser> Users, DemoApiKey ApiKey);
}
