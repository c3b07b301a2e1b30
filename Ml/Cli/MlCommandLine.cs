using System.CommandLine;
using PolicyEngine.Ml.Blas;

namespace PolicyEngine.Ml.Cli;

/// <summary>
/// The commands of the ML module: train, evaluate and evaluate-predictions, each writing an
/// evidence record. Argument errors print one line that states what to do and exit with 2.
/// </summary>
public static class MlCommandLine
{
    public const int UsageError = 2;
    public const int Failure = 1;

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // An unknown word explains more than the "required command" error it also causes.
            var error = parsed.Errors.FirstOrDefault(e => e.Message.Contains("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
            string message = string.Join(' ', error.Message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));
            string ending = message.EndsWith('.') ? "" : ".";
            await Console.Error.WriteLineAsync($"{message}{ending} Run with --help to see the options.");
            return UsageError;
        }

        return await parsed.InvokeAsync();
    }

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "PolicyEngine ML: trains and evaluates the reference CNN on MNIST-format data and writes evidence records.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(EvaluatePredictionsCommand.Create());
        return root;
    }

    /// <summary>Options shared by the commands.</summary>
    internal static class Options
    {
        public static Option<FileInfo> Out() => new("--out")
        {
            Description = "Evidence record (JSON) to write.",
            Required = true,
        };

        public static Option<DirectoryInfo?> Data() => new("--data")
        {
            Description = "Folder with the four MNIST IDX files (gzip or raw). Default: Debian's Fashion-MNIST "
                + "in /usr/share/datasets/fashion-mnist when installed, else the subset in samples/fashion-mnist-subset.",
        };

        public static Option<int> Threads() => new("--threads")
        {
            Description = "Threads for the matrix products (and training). Results repeat bit for bit only with the same count.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
            Validators = { result => RequireRange(result, 1, 256) },
        };

        public static Option<GemmBackend> Blas() => new("--blas")
        {
            Description = "Matrix-product backend: Auto (OpenBLAS when libopenblas.so.0 loads, else managed), OpenBlas or Managed.",
            DefaultValueFactory = _ => GemmBackend.Auto,
        };

        public static void RequireRange(System.CommandLine.Parsing.OptionResult result, int min, int max)
        {
            int value;
            try
            {
                value = result.GetValueOrDefault<int>();
            }
            catch (InvalidOperationException)
            {
                // A value that is not a whole number already has its own parse error.
                return;
            }

            if (value < min || value > max)
            {
                result.AddError($"{result.IdentifierToken?.Value ?? result.Option.Name} must be from {min} to {max}; got {value}.");
            }
        }
    }
}
