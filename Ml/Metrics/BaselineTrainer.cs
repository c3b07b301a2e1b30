using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace PolicyEngine.Ml.Metrics;

/// <summary>Settings of the ML.NET baseline model.</summary>
public sealed record BaselineOptions
{
    /// <summary>Seed of the ML.NET context.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Cap on L-BFGS iterations, which bounds the training time.</summary>
    public int MaximumIterations { get; init; } = 100;

    /// <summary>
    /// Threads that L-BFGS computes gradients on. Repeated runs with the same thread count gave
    /// bit-identical probabilities on the 2,000-image Fashion-MNIST subset, but 1 and 2 threads gave
    /// different models (test accuracy 0.820 and 0.822), so record the count with the results.
    /// </summary>
    public int ThreadCount { get; init; } = 1;
}

/// <summary>The baseline's predictions on the test set and the metrics computed from them.</summary>
public sealed record BaselineResult
{
    /// <summary>Description of the model for the evidence record's baseline block.</summary>
    public required string Model { get; init; }

    public required int ClassCount { get; init; }

    /// <summary>Predicted probabilities of the test samples, <see cref="ClassCount"/> per sample, row-major.</summary>
    public required float[] Probabilities { get; init; }

    public required ClassificationMetrics Metrics { get; init; }

    public required TimeSpan TrainingTime { get; init; }
}

/// <summary>
/// Trains a non-CNN baseline on the same pixels as the CNN: multinomial logistic regression
/// (ML.NET's LbfgsMaximumEntropy) on the raw pixel vector, with the label mapped to a key.
/// The pixels are used as given, so scale them the way the CNN gets them.
/// </summary>
public static class BaselineTrainer
{
    public const string TrainerName = "LbfgsMaximumEntropy";

    /// <summary>
    /// Trains on <paramref name="trainImages"/>, each image a run of pixels in row-major order, and
    /// evaluates on <paramref name="testImages"/>. The pixel count per image is the array length
    /// divided by the label count, 784 for 28 x 28 images. Labels are classes in 0..K-1.
    /// </summary>
    public static BaselineResult TrainAndEvaluate(
        float[] trainImages,
        int[] trainLabels,
        float[] testImages,
        int[] testLabels,
        int classCount,
        BaselineOptions? options = null)
    {
        options ??= new BaselineOptions();
        int pixelCount = ValidateInputs(trainImages, trainLabels, testImages, testLabels, classCount);

        var context = new MLContext(options.Seed);
        SchemaDefinition schema = SchemaDefinition.Create(typeof(PixelRow));
        schema[nameof(PixelRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, pixelCount);
        IDataView training = context.Data.LoadFromEnumerable(ToRows(trainImages, trainLabels, pixelCount), schema);
        IDataView test = context.Data.LoadFromEnumerable(ToRows(testImages, testLabels, pixelCount), schema);

        var stopwatch = Stopwatch.StartNew();
        ITransformer model = CreatePipeline(context, classCount, options).Fit(training);
        stopwatch.Stop();

        float[] probabilities = ReadScores(model.Transform(test), classCount, testLabels.Length);
        return new BaselineResult
        {
            Model = $"ML.NET {TrainerName} (multinomial logistic regression on {pixelCount} pixels, " +
                $"at most {options.MaximumIterations} L-BFGS iterations)",
            ClassCount = classCount,
            Probabilities = probabilities,
            Metrics = MetricsCalculator.Compute<float>(probabilities, classCount, testLabels),
            TrainingTime = stopwatch.Elapsed,
        };
    }

    /// <summary>
    /// Builds the pipeline. The key values come from the list 0..K-1, not from the training data, so
    /// score slot k is class k even when a class is missing from the training set or first occurs late.
    /// </summary>
    private static IEstimator<ITransformer> CreatePipeline(MLContext context, int classCount, BaselineOptions options)
    {
        IDataView classes = context.Data.LoadFromEnumerable(
            Enumerable.Range(0, classCount).Select(k => new ClassRow { Label = k }));
        var trainerOptions = new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = nameof(PixelRow.Features),
            MaximumNumberOfIterations = options.MaximumIterations,
            NumberOfThreads = options.ThreadCount,
        };

        return context.Transforms.Conversion
            .MapValueToKey("Label", keyData: classes)
            .AppendCacheCheckpoint(context)
            .Append(context.MulticlassClassification.Trainers.LbfgsMaximumEntropy(trainerOptions));
    }

    private static float[] ReadScores(IDataView scored, int classCount, int sampleCount)
    {
        var probabilities = new float[sampleCount * classCount];
        int i = 0;
        foreach (float[] score in scored.GetColumn<float[]>("Score"))
        {
            if (score.Length != classCount)
            {
                throw new InvalidOperationException(
                    $"The baseline returned {score.Length} scores per sample, but there are {classCount} classes.");
            }

            score.CopyTo(probabilities, i * classCount);
            i++;
        }

        return probabilities;
    }

    private static int ValidateInputs(
        float[] trainImages, int[] trainLabels, float[] testImages, int[] testLabels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(trainImages);
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(testImages);
        ArgumentNullException.ThrowIfNull(testLabels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (trainLabels.Length == 0 || testLabels.Length == 0)
        {
            throw new ArgumentException("The baseline needs at least one training and one test image.");
        }

        int pixelCount = trainImages.Length / trainLabels.Length;
        if (pixelCount == 0 || trainImages.Length != pixelCount * trainLabels.Length)
        {
            throw new ArgumentException(
                $"{trainImages.Length} training pixels do not split into {trainLabels.Length} images of equal size.",
                nameof(trainImages));
        }

        if (testImages.Length != (long)pixelCount * testLabels.Length)
        {
            throw new ArgumentException(
                $"{testLabels.Length} test images of {pixelCount} pixels need {(long)pixelCount * testLabels.Length} " +
                $"values, but there are {testImages.Length}.",
                nameof(testImages));
        }

        ThrowIfLabelOutOfRange(trainLabels, classCount, nameof(trainLabels));
        ThrowIfLabelOutOfRange(testLabels, classCount, nameof(testLabels));
        return pixelCount;
    }

    private static void ThrowIfLabelOutOfRange(int[] labels, int classCount, string parameterName)
    {
        int index = Array.FindIndex(labels, label => label < 0 || label >= classCount);
        if (index >= 0)
        {
            throw new ArgumentOutOfRangeException(
                parameterName, labels[index], $"Label {index} is outside the classes 0 to {classCount - 1}.");
        }
    }

    /// <summary>Yields one row per image with a copy of its pixels, created only when ML.NET reads the row.</summary>
    private static IEnumerable<PixelRow> ToRows(float[] images, int[] labels, int pixelCount)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            yield return new PixelRow
            {
                Label = labels[i],
                Features = images.AsSpan(i * pixelCount, pixelCount).ToArray(),
            };
        }
    }

    /// <summary>One image. The property names are the column names.</summary>
    public sealed class PixelRow
    {
        public int Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    /// <summary>One class value, for the key list of MapValueToKey.</summary>
    public sealed class ClassRow
    {
        public int Label { get; set; }
    }
}
