using PolicyEngine.Portal.Security;

namespace PolicyEngine.Portal.Hosting;

/// <summary><c>users add NAME --role ROLE</c>: creates a user with the password read from standard input.</summary>
public static class UsersCommand
{
    public const string Usage =
        "Usage: users add NAME --role regulator|auditor|admin [--SETTING=VALUE ...] (the password is read from standard input).";

    /// <summary>
    /// Runs the command with <paramref name="args"/> after the word <c>users</c>. Returns 0 when
    /// the user was created, 1 when the input was rejected and 2 for a usage error.
    /// </summary>
    public static async Task<int> RunAsync(
        IServiceProvider services, IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error)
    {
        // Settings such as --ConnectionStrings:PolicyEngine=... may follow the command, and the
        // host has already read them, so only their form is checked here.
        if (args is not ["add", _, "--role", _, ..]
            || !args.Skip(4).All(s => s.StartsWith("--", StringComparison.Ordinal) && s.Contains('=')))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        string name = args[1];
        string role = args[3];
        // Checked before the password is asked for, so that a typo does not cost a typed password.
        if (PortalRoles.Parse(role) is null)
        {
            await error.WriteLineAsync(
                $"The role '{role}' is unknown: use one of {string.Join(", ", PortalRoles.All)}.");
            return 1;
        }

        await error.WriteAsync($"Password for {name} (at least {Credentials.MinPasswordLength} characters): ");
        string? password = await input.ReadLineAsync();
        await error.WriteLineAsync();

        var errors = await services.GetRequiredService<UserService>().CreateAsync(
            name, role, password, "users add command", null, CancellationToken.None);
        if (errors.Count > 0)
        {
            foreach (string message in errors.Values)
            {
                await error.WriteLineAsync(message);
            }

            return 1;
        }

        await output.WriteLineAsync($"Created user {name} with role {PortalRoles.Parse(role)}.");
        return 0;
    }
}

/// <summary>Reads a line from the terminal without echoing the typed characters.</summary>
internal sealed class HiddenConsoleReader : TextReader
{
    public override string? ReadLine()
    {
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }

    public override Task<string?> ReadLineAsync() => Task.FromResult(ReadLine());
}
