using System.CommandLine;
using PolicyEngine.Ml.Evidence;
using PolicyEngine.Ml.Metrics;
using Spectre.Console;

namespace PolicyEngine.Ml.Cli;

/// <summary><c>evaluate-predictions</c>: computes an evidence record from a model's predictions alone.</summary>
internal static class EvaluatePredictionsCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input")
        {
            Description = "Predictions CSV: header label,p0,...,pK-1; one row per sample with the true class and each class's probability.",
            Required = true,
        };
        var output = MlCommandLine.Options.Out();
        var command = new Command("evaluate-predictions", "Compute the evidence metrics from a predictions CSV and write an evidence record.")
        {
            input, output,
        };
        command.SetAction((result, _) => Task.FromResult(CommandErrors.Run(() => Run(result.GetValue(input)!, result.GetValue(output)!))));
        return command;
    }

    private static int Run(FileInfo input, FileInfo output)
    {
        if (!input.Exists)
        {
            throw new CommandException($"The predictions file {input.FullName} does not exist; check --input.");
        }

        if (string.Equals(input.FullName, output.FullName, StringComparison.Ordinal))
        {
            throw new CommandException("--out names the input file; give another path so the predictions are not overwritten.");
        }

        EvidenceRun.PrepareOutputs(output);
        var record = PredictionsEvidence.FromFile(input.FullName);
        EvidenceJson.WriteToFile(record, output.FullName);
        var metrics = record.Metrics;
        AnsiConsole.MarkupLineInterpolated(
            $"{metrics.SampleSize} sample(s), {metrics.ClassCount} classes: accuracy {metrics.Accuracy:0.0000} (95% interval {metrics.AccuracyLower95:0.0000} to {metrics.AccuracyUpper95:0.0000}), ECE {metrics.Ece:0.0000}");
        AnsiConsole.MarkupLineInterpolated($"Evidence record written to [bold]{output.FullName}[/]");
        return 0;
    }
}
