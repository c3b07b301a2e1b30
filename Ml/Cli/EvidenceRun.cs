using System.Diagnostics;
using PolicyEngine.Ml.Data;
using PolicyEngine.Ml.Evidence;
using PolicyEngine.Ml.Metrics;
using PolicyEngine.Ml.Network;
using Spectre.Console;

namespace PolicyEngine.Ml.Cli;

/// <summary>
/// The steps train and evaluate share: load the data, score the test set with the CNN, train and
/// score the ML.NET baseline on the same pixels, and write the evidence record.
/// </summary>
internal sealed class EvidenceRun
{
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public required MnistDataset Data { get; init; }

    public required int ThreadCount { get; init; }

    public static MnistDataset LoadData(DirectoryInfo? folder)
    {
        var source = new DataLocator().Locate(folder?.FullName);
        var data = source.Load();
        if (data.Train.Rows != 28 || data.Train.Columns != 28 || data.Test.Rows != 28 || data.Test.Columns != 28)
        {
            throw new CommandException(
                $"The images in {data.Folder} are {data.Train.Rows}x{data.Train.Columns}; the reference CNN takes 28x28 images such as MNIST and Fashion-MNIST.");
        }

        AnsiConsole.MarkupLineInterpolated($"[grey]Data:[/] {source.Describe(data)}");
        return data;
    }

    /// <summary>
    /// Creates the folders of the files a command will write, before any long work, and rejects a
    /// path that is an existing folder, so that a bad path fails at once rather than after training.
    /// </summary>
    public static void PrepareOutputs(params FileInfo[] outputs)
    {
        foreach (var output in outputs)
        {
            if (Directory.Exists(output.FullName))
            {
                throw new CommandException($"{output.FullName} is a folder; give a file path for --out and --weights.");
            }

            if (output.DirectoryName is { } folder)
            {
                Directory.CreateDirectory(folder);
            }
        }
    }

    /// <summary>Scores the test set with <paramref name="model"/>, adds the baseline and writes the record to <paramref name="output"/>.</summary>
    public EvidenceRecord Write(ReferenceCnn model, string gemmName, string source, FileInfo output, EvidenceProvenance extra)
    {
        var labels = Data.Test.Labels.Select(l => (int)l).ToArray();
        var probabilities = AnsiConsole.Status().Start("Scoring the test set", _ => model.PredictProbabilities(Data.Test.Images));
        var metrics = MetricsCalculator.Compute<float>(probabilities, ReferenceCnn.ClassCount, labels);
        var baseline = AnsiConsole.Status().Start(
            $"Training the {BaselineTrainer.TrainerName} baseline on the same pixels",
            _ => BaselineTrainer.TrainAndEvaluate(
                Data.Train.Images,
                Data.Train.Labels.Select(l => (int)l).ToArray(),
                Data.Test.Images,
                labels,
                ReferenceCnn.ClassCount,
                new BaselineOptions { ThreadCount = ThreadCount }));

        var record = new EvidenceRecord
        {
            Metrics = EvidenceMetrics.From(metrics),
            Baseline = EvidenceBaseline.From(baseline),
            Provenance = extra with
            {
                Dataset = Data.Name,
                DataFiles = Data.Files.Select(f => new EvidenceDataFile { Name = f.FileName, Sha256 = f.Sha256 }).ToList(),
                TrainSamples = Data.Train.Count,
                TestSamples = Data.Test.Count,
                Architecture = ReferenceCnn.ArchitectureName,
                ParameterCount = ReferenceCnn.ParameterCount,
                ThreadCount = ThreadCount,
                Blas = gemmName,
                DotnetVersion = RuntimeVersions.Dotnet,
                Libraries = RuntimeVersions.Libraries(),
                StartedAt = _startedAt,
                DurationSeconds = Math.Round(_clock.Elapsed.TotalSeconds, 3),
                CoreCount = Environment.ProcessorCount,
                Source = source,
            },
        };

        EvidenceJson.WriteToFile(record, output.FullName);
        PrintSummary(metrics, baseline.Metrics, output);
        return record;
    }

    private static void PrintSummary(ClassificationMetrics model, ClassificationMetrics baseline, FileInfo output)
    {
        var table = new Table().AddColumns("metric", "CNN", BaselineTrainer.TrainerName);
        table.AddRow("accuracy", Format(model.Accuracy), Format(baseline.Accuracy));
        table.AddRow("95% interval", $"{Format(model.AccuracyLower95)} to {Format(model.AccuracyUpper95)}",
            $"{Format(baseline.AccuracyLower95)} to {Format(baseline.AccuracyUpper95)}");
        table.AddRow("cross-entropy", Format(model.CrossEntropy), Format(baseline.CrossEntropy));
        table.AddRow("gap", Format(model.Gap), Format(baseline.Gap));
        table.AddRow("noise ratio", Format(model.NoiseRatio), Format(baseline.NoiseRatio));
        table.AddRow("ECE", Format(model.Ece), Format(baseline.Ece));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Evidence record written to [bold]{output.FullName}[/]");
    }

    private static string Format(double? value) =>
        value is { } number ? number.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "undefined";
}
