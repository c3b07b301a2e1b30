using System.CommandLine;
using PolicyEngine.Ml.Blas;
using PolicyEngine.Ml.Evidence;
using PolicyEngine.Ml.Training;
using Spectre.Console;

namespace PolicyEngine.Ml.Cli;

/// <summary><c>train</c>: trains the reference CNN, saves its weights and writes an evidence record.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = MlCommandLine.Options.Data();
        var epochs = new Option<int>("--epochs")
        {
            Description = "Passes over the training set.",
            DefaultValueFactory = _ => 5,
            Validators = { result => MlCommandLine.Options.RequireRange(result, 1, 1000) },
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the weight initialisation and the shuffle order, 0 or more.",
            DefaultValueFactory = _ => 1,
            Validators = { result => MlCommandLine.Options.RequireRange(result, 0, int.MaxValue) },
        };
        var output = MlCommandLine.Options.Out();
        var weights = new Option<FileInfo?>("--weights")
        {
            Description = "Where to save the trained weights. Default: the --out path with the extension .weights.",
        };
        var threads = MlCommandLine.Options.Threads();
        var blas = MlCommandLine.Options.Blas();

        var command = new Command("train", "Train the CNN (Adam, learning rate 0.001, batch 32), evaluate it on the test set and write evidence.")
        {
            data, epochs, seed, output, weights, threads, blas,
        };
        command.SetAction((result, cancellationToken) => Task.FromResult(CommandErrors.Run(() => Run(
            result.GetValue(data),
            result.GetValue(epochs),
            result.GetValue(seed),
            result.GetValue(output)!,
            result.GetValue(weights),
            result.GetValue(threads),
            result.GetValue(blas),
            cancellationToken))));
        return command;
    }

    private static int Run(
        DirectoryInfo? dataFolder, int epochs, int seed, FileInfo output, FileInfo? weightsFile, int threads, GemmBackend backend,
        CancellationToken cancellationToken)
    {
        var weightsPath = weightsFile?.FullName ?? Path.ChangeExtension(output.FullName, ".weights");
        EvidenceRun.PrepareOutputs(output, new FileInfo(weightsPath));
        var dataset = EvidenceRun.LoadData(dataFolder);
        var run = new EvidenceRun { Data = dataset, ThreadCount = threads };
        var gemm = GemmFactory.Create(threads, backend, message => AnsiConsole.MarkupLineInterpolated($"[grey]{message}[/]"));
        var options = new TrainingOptions { Epochs = epochs, Seed = (ulong)seed };

        var testLabels = dataset.Test.Labels.Select(l => (int)l).ToArray();
        var result = Train(new CnnTrainer(gemm), dataset, testLabels, options, cancellationToken);
        var saved = WeightsFile.Save(result.Model, weightsPath);
        AnsiConsole.MarkupLineInterpolated($"Weights saved to [bold]{saved.Path}[/] (SHA-256 {saved.Sha256})");

        run.Write(result.Model, result.GemmName, EvidenceProvenance.Sources.Train, output, new EvidenceProvenance
        {
            WeightsSha256 = saved.Sha256,
            Seed = seed,
            Epochs = epochs,
        });
        return 0;
    }

    private static TrainingResult Train(
        CnnTrainer trainer, Data.MnistDataset dataset, int[] testLabels, TrainingOptions options, CancellationToken cancellationToken)
    {
        TrainingResult? result = null;
        var testAccuracy = new Dictionary<int, double>();
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("Training", maxValue: 1.0);
                result = trainer.Train(dataset.Train.Images, dataset.Train.Labels, options, progress =>
                {
                    task.Description = $"Epoch {progress.Epoch}/{progress.EpochCount} batch {progress.Batch}/{progress.BatchCount} "
                        + $"loss {progress.RunningLoss:0.0000} {progress.ImagesPerSecond:0} images/s";
                    task.Value = ((progress.Epoch - 1) * (double)progress.BatchCount + progress.Batch) / (progress.EpochCount * (double)progress.BatchCount);
                }, cancellationToken, (epoch, model) => testAccuracy[epoch.Epoch] = TestAccuracy(model, dataset.Test.Images, testLabels));
                task.Value = 1.0;
            });

        foreach (var epoch in result!.Epochs)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"Epoch {epoch.Epoch}: mean loss {epoch.MeanLoss:0.0000}, test accuracy {testAccuracy[epoch.Epoch]:0.0000}, {epoch.ImagesPerSecond:0} images/s, {epoch.Duration.TotalSeconds:0.0} s");
        }

        return result;
    }

    private static double TestAccuracy(Network.ReferenceCnn model, float[] images, int[] labels)
    {
        var probabilities = model.PredictProbabilities(images);
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            var row = probabilities.AsSpan(i * Network.ReferenceCnn.ClassCount, Network.ReferenceCnn.ClassCount);
            correct += Metrics.MetricsCalculator.Argmax<float>(row) == labels[i] ? 1 : 0;
        }

        return (double)correct / labels.Length;
    }
}
