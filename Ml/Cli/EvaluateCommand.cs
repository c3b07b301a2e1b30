using System.CommandLine;
using PolicyEngine.Ml.Blas;
using PolicyEngine.Ml.Evidence;
using PolicyEngine.Ml.Training;
using Spectre.Console;

namespace PolicyEngine.Ml.Cli;

/// <summary><c>evaluate</c>: loads saved weights, evaluates them on the test set and writes an evidence record.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var data = MlCommandLine.Options.Data();
        var weights = new Option<FileInfo>("--weights")
        {
            Description = "Weights file written by train.",
            Required = true,
        };
        var output = MlCommandLine.Options.Out();
        var threads = MlCommandLine.Options.Threads();
        var blas = MlCommandLine.Options.Blas();

        var command = new Command("evaluate", "Evaluate saved CNN weights on the test set and write evidence.")
        {
            data, weights, output, threads, blas,
        };
        command.SetAction((result, _) => Task.FromResult(CommandErrors.Run(() => Run(
            result.GetValue(data),
            result.GetValue(weights)!,
            result.GetValue(output)!,
            result.GetValue(threads),
            result.GetValue(blas)))));
        return command;
    }

    private static int Run(DirectoryInfo? dataFolder, FileInfo weightsFile, FileInfo output, int threads, GemmBackend backend)
    {
        if (!weightsFile.Exists)
        {
            throw new CommandException($"The weights file {weightsFile.FullName} does not exist; train first or check --weights.");
        }

        EvidenceRun.PrepareOutputs(output);
        var dataset = EvidenceRun.LoadData(dataFolder);
        var gemm = GemmFactory.Create(threads, backend, message => AnsiConsole.MarkupLineInterpolated($"[grey]{message}[/]"));
        var model = WeightsFile.Load(weightsFile.FullName, gemm);
        var run = new EvidenceRun { Data = dataset, ThreadCount = threads };
        run.Write(model, gemm.Name, EvidenceProvenance.Sources.Evaluate, output, new EvidenceProvenance
        {
            WeightsSha256 = WeightsFile.ComputeSha256(weightsFile.FullName),
        });
        return 0;
    }
}
