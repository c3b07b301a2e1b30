using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using PolicyEngine.Portal.Security;

namespace PolicyEngine.Portal.BrowserTests.Infrastructure;

/// <summary>
/// Runs the real portal as a separate process on a free 127.0.0.1 port, with its own SQLite file in
/// a fresh temporary folder that is deleted on dispose. A browser needs a real socket, which
/// WebApplicationFactory's in-memory TestServer does not open. Before the portal starts, one user
/// per role is created in that database with the portal's own <c>users add</c> command. xunit
/// creates one server for each test class that declares it as a class fixture, so the tests of a
/// class share one database.
/// </summary>
public sealed partial class PortalServer : IAsyncLifetime
{
    /// <summary>
    /// Maximum time from process start to "Application started". A start takes seconds, and more
    /// when the other test projects keep both cores busy, so the limit only catches a hung start.
    /// </summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Password of every user the server creates; the portal requires at least 12 characters.</summary>
    public const string Password = "browser-password-0123";

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _output = new();
    private Process? _process;
    private Uri? _baseAddress;

    public PortalServer()
    {
        Folder = Directory.CreateTempSubdirectory("policyengine-browser-").FullName;
        DatabasePath = Path.Combine(Folder, "policyengine.db");
    }

    /// <summary>The temporary folder that is the portal's working directory and contains its database.</summary>
    public string Folder { get; }

    public string DatabasePath { get; }

    /// <summary>The address the portal listens on, such as http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException("The portal has not started.");

    /// <summary>Everything the portal wrote to standard output and standard error so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Name of the user with <paramref name="role"/> that the server creates before it starts.</summary>
    public static string UserName(string role) => $"browser-{role}";

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    public async Task InitializeAsync()
    {
        foreach (string role in PortalRoles.All)
        {
            await AddUserAsync(UserName(role), role);
        }

        _process = new Process { StartInfo = CreateStartInfo("--urls=http://127.0.0.1:0") };
        _process.OutputDataReceived += (_, e) => ReadLine(e.Data);
        _process.ErrorDataReceived += (_, e) => ReadLine(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var exited = _process.WaitForExitAsync();
        Task first;
        try
        {
            first = await Task.WhenAny(_started.Task, exited).WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            StopProcess();
            throw new InvalidOperationException(
                $"The portal did not start within {StartTimeout.TotalSeconds} s. Its output:\n{Output}");
        }

        if (first == exited)
        {
            throw new InvalidOperationException(
                $"The portal exited with code {_process.ExitCode} before it started listening. Its output:\n{Output}");
        }

        if (_baseAddress is null)
        {
            StopProcess();
            throw new InvalidOperationException(
                $"The portal started but logged no address on 127.0.0.1 that it listens on. Its output:\n{Output}");
        }
    }

    public Task DisposeAsync()
    {
        StopProcess();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    private void StopProcess()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    /// <summary>
    /// Runs <c>users add NAME --role ROLE</c> against the server's database, which the command
    /// creates and migrates when it is missing, and writes <see cref="Password"/> to its standard input.
    /// </summary>
    private async Task AddUserAsync(string name, string role)
    {
        var startInfo = CreateStartInfo("users", "add", name, "--role", role);
        startInfo.RedirectStandardInput = true;
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync(Password);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"users add {name} did not finish within {StartTimeout.TotalSeconds} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"users add {name} --role {role} exited with code {process.ExitCode}. Its output:\n{await output}{await error}");
        }
    }

    /// <summary>
    /// Runs PolicyEngine.Portal.dll from the test output, where the project reference copies it
    /// with its runtimeconfig, deps file, static web assets manifest and default rule sets, with
    /// <paramref name="arguments"/> before the options every run shares. To serve, pass
    /// <c>--urls=http://127.0.0.1:0</c>: port 0 lets Kestrel pick a free port, which its
    /// "Now listening on" line names.
    /// </summary>
    private ProcessStartInfo CreateStartInfo(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(DotnetHostPath())
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PolicyEngine.Portal.dll"));
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.ArgumentList.Add($"--ConnectionStrings:PolicyEngine=Data Source={DatabasePath}");

        // The listening address is read from these log lines, whatever appsettings.json sets.
        startInfo.ArgumentList.Add("--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");
        startInfo.ArgumentList.Add("--Logging:Console:FormatterName=simple");

        // Each settings watcher takes an inotify instance, and all processes of a Linux user share
        // a limit of them (128 by default), so parallel test runs can exhaust it.
        startInfo.ArgumentList.Add("--hostBuilder:reloadConfigOnChange=false");

        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        return startInfo;
    }

    /// <summary>Returns the dotnet host that runs these tests, so that the portal runs on the same runtime.</summary>
    private static string DotnetHostPath()
    {
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }

    private void ReadLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _baseAddress ??= new Uri(match.Groups[1].Value + "/");
        }
        else if (line.Contains("Application started.", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }
}
