// Trains the reference CNN with CnnTrainer on an MNIST-format dataset and reports the figures
// that bench/ml/pytorch_cnn.py reports for PyTorch: seconds per training epoch, test accuracy
// and inference images per second. Prints one JSON object and also writes it to --out.
// Test accuracy is measured after each epoch through the trainer's epoch callback, which runs
// after the epoch's duration is taken, so evaluation is not counted as training time.

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using PolicyEngine.Ml.Blas;
using PolicyEngine.Ml.Data;
using PolicyEngine.Ml.Metrics;
using PolicyEngine.Ml.Network;
using PolicyEngine.Ml.Training;

const int usageError = 2;
const int failure = 1;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return usageError;
}

if (options.ShowHelp)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

MnistDataset dataset;
try
{
    dataset = MnistDataset.Load(options.DataFolder);
}
catch (Exception exception) when (exception is IOException or IdxFormatException)
{
    Console.Error.WriteLine($"error: loading the dataset failed: {exception.Message}");
    return failure;
}

IGemm gemm;
try
{
    gemm = GemmFactory.Create(options.Threads, options.Backend, message => Console.Error.WriteLine(message));
}
catch (InvalidOperationException exception)
{
    // GemmFactory raises this when OpenBLAS was requested but does not load.
    Console.Error.WriteLine($"error: {exception.Message}");
    return failure;
}

var trainer = new CnnTrainer(gemm);
var trainingOptions = new TrainingOptions { Epochs = options.Epochs, Seed = options.Seed };

int[] testLabels = dataset.Test.Labels.Select(label => (int)label).ToArray();
var accuracyAfterEpoch = new Dictionary<int, double>();
TrainingResult training = trainer.Train(
    dataset.Train.Images,
    dataset.Train.Labels,
    trainingOptions,
    epochCompleted: (epoch, model) =>
    {
        accuracyAfterEpoch[epoch.Epoch] = InferenceTiming.Accuracy(model, dataset.Test.Images, testLabels, options.InferenceBatch);
        Console.Error.WriteLine(
            $"epoch {epoch.Epoch}: {epoch.Duration.TotalSeconds:0.0} s, mean loss {epoch.MeanLoss:0.0000}, "
            + $"test accuracy {accuracyAfterEpoch[epoch.Epoch]:0.0000}");
    });

InferenceResult inference = InferenceTiming.Measure(
    training.Model, dataset.Test.Images, testLabels, options.InferenceBatch, options.InferenceRepeats);

var epochs = training.Epochs
    .Select(epoch => new EpochResult(
        epoch.Epoch,
        epoch.Duration.TotalSeconds,
        epoch.MeanLoss,
        accuracyAfterEpoch[epoch.Epoch]))
    .ToList();

var result = new BenchResult(
    Implementation: "csharp",
    Gemm: training.GemmName,
    GemmBackend: options.Backend.ToString(),
    Threads: training.ThreadCount,
    Runtime: RuntimeInformation.FrameworkDescription,
    Os: RuntimeInformation.OSDescription,
    ParameterCount: ReferenceCnn.ParameterCount,
    Seed: options.Seed,
    BatchSize: trainingOptions.BatchSize,
    TrainImages: dataset.Train.Count,
    TestImages: dataset.Test.Count,
    Epochs: epochs,
    Inference: inference);

string json = JsonSerializer.Serialize(result, new JsonSerializerOptions
{
    WriteIndented = true,
    PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
});
Console.WriteLine(json);
if (options.OutputPath is not null)
{
    File.WriteAllText(options.OutputPath, json + Environment.NewLine);
}

return 0;

/// <summary>Command-line settings of one benchmark run.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Usage: CnnBench [options]
          --data FOLDER            MNIST IDX files, raw or .gz (default: /usr/share/datasets/fashion-mnist)
          --epochs N               passes over the training set (default: 3)
          --seed N                 seed of the weight initialisation and shuffle order (default: 1)
          --threads N              threads for training and the matrix products (default: 2)
          --blas OpenBlas|Managed  matrix-product backend (default: OpenBlas)
          --inference-batch N      images per forward pass when timing inference (default: 256)
          --inference-repeats N    timed passes over the test set; the median is reported (default: 3)
          --out FILE               also write the JSON result to FILE
          --help                   show this text
        """;

    private static readonly HashSet<string> OptionNames =
    [
        "--data", "--epochs", "--seed", "--threads", "--blas", "--inference-batch", "--inference-repeats", "--out",
    ];

    public string DataFolder { get; init; } = "/usr/share/datasets/fashion-mnist";

    public int Epochs { get; init; } = 3;

    public ulong Seed { get; init; } = 1;

    public int Threads { get; init; } = 2;

    public GemmBackend Backend { get; init; } = GemmBackend.OpenBlas;

    public int InferenceBatch { get; init; } = 256;

    public int InferenceRepeats { get; init; } = 3;

    public string? OutputPath { get; init; }

    public bool ShowHelp { get; init; }

    /// <summary>Parses <paramref name="args"/>, throwing <see cref="ArgumentException"/> for an invalid one.</summary>
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "--help" or "-h")
            {
                return options with { ShowHelp = true };
            }

            if (!OptionNames.Contains(name))
            {
                throw new ArgumentException($"{name} is not a known option.");
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            string value = args[++i];
            options = name switch
            {
                "--data" => options with { DataFolder = value },
                "--epochs" => options with { Epochs = ParsePositive(name, value) },
                "--seed" => options with { Seed = ParseSeed(value) },
                "--threads" => options with { Threads = ParsePositive(name, value) },
                "--blas" => options with { Backend = ParseBackend(value) },
                "--inference-batch" => options with { InferenceBatch = ParsePositive(name, value) },
                "--inference-repeats" => options with { InferenceRepeats = ParsePositive(name, value) },
                "--out" => options with { OutputPath = value },
                _ => throw new UnreachableException($"Option {name} is listed in OptionNames but not parsed."),
            };
        }

        return options;
    }

    private static int ParsePositive(string name, string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < 1)
        {
            throw new ArgumentException($"{name} must be a whole number of 1 or more; got '{value}'.");
        }

        return number;
    }

    private static ulong ParseSeed(string value)
    {
        if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
        {
            throw new ArgumentException($"--seed must be a whole number from 0 to {ulong.MaxValue}; got '{value}'.");
        }

        return seed;
    }

    private static GemmBackend ParseBackend(string value) => value.ToLowerInvariant() switch
    {
        "openblas" => GemmBackend.OpenBlas,
        "managed" => GemmBackend.Managed,
        _ => throw new ArgumentException($"--blas must be OpenBlas or Managed; got '{value}'."),
    };
}

/// <summary>Times <see cref="ReferenceCnn.PredictProbabilities"/> over a whole test set.</summary>
internal static class InferenceTiming
{
    /// <summary>Returns the share of <paramref name="images"/> the model classifies correctly.</summary>
    public static double Accuracy(ReferenceCnn model, float[] images, int[] labels, int batchSize) =>
        ComputeAccuracy(model.PredictProbabilities(images, batchSize), labels);

    public static InferenceResult Measure(ReferenceCnn model, float[] images, int[] labels, int batchSize, int repeats)
    {
        var seconds = new List<double>(repeats);
        float[] probabilities = [];
        for (int repeat = 0; repeat < repeats; repeat++)
        {
            var clock = Stopwatch.StartNew();
            probabilities = model.PredictProbabilities(images, batchSize);
            seconds.Add(clock.Elapsed.TotalSeconds);
        }

        double median = Median(seconds);
        return new InferenceResult(
            batchSize,
            labels.Length,
            seconds,
            median,
            labels.Length / median,
            ComputeAccuracy(probabilities, labels));
    }

    private static double ComputeAccuracy(float[] probabilities, int[] labels)
    {
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            ReadOnlySpan<float> row = probabilities.AsSpan(i * ReferenceCnn.ClassCount, ReferenceCnn.ClassCount);
            if (MetricsCalculator.Argmax(row) == labels[i])
            {
                correct++;
            }
        }

        return (double)correct / labels.Length;
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>Training time, mean training loss and, when measured, test accuracy of one epoch.</summary>
internal sealed record EpochResult(int Epoch, double Seconds, double MeanLoss, double? TestAccuracy);

/// <summary>Inference timing over the test set and the accuracy of the last pass.</summary>
internal sealed record InferenceResult(
    int BatchSize,
    int Images,
    IReadOnlyList<double> Seconds,
    double MedianSeconds,
    double ImagesPerSecond,
    double TestAccuracy);

/// <summary>Everything one run reports, serialised with snake_case names like the PyTorch script's output.</summary>
internal sealed record BenchResult(
    string Implementation,
    string Gemm,
    string GemmBackend,
    int Threads,
    string Runtime,
    string Os,
    int ParameterCount,
    ulong Seed,
    int BatchSize,
    int TrainImages,
    int TestImages,
    IReadOnlyList<EpochResult> Epochs,
    InferenceResult Inference);
