using System.Diagnostics;
using PolicyEngine.Ml.Blas;
using PolicyEngine.Ml.Network;

namespace PolicyEngine.Ml.Training;

/// <summary>
/// Trains the reference CNN with Adam on mini-batches of shuffled images and mean
/// cross-entropy loss.
/// </summary>
/// <remarks>
/// The seed fixes the initial weights and every epoch's shuffle order. Work inside a batch
/// is split over threads so that each value is computed by one thread in a fixed order, so
/// two runs with the same seed, data, thread count and GEMM on the same machine produce
/// bit-identical weights.
/// </remarks>
public sealed class CnnTrainer
{
    // Added to the seed for the shuffle generator, so that it draws a different stream from
    // the initialisation generator.
    private const ulong ShuffleSeedOffset = 0xD1B54A32D192ED03;

    private readonly IGemm gemm;

    public CnnTrainer(IGemm gemm)
    {
        ArgumentNullException.ThrowIfNull(gemm);
        this.gemm = gemm;
    }

    /// <summary>Trains on labels given as bytes, as stored in IDX label files.</summary>
    public TrainingResult Train(
        ReadOnlySpan<float> images,
        ReadOnlySpan<byte> labels,
        TrainingOptions options,
        Action<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default,
        Action<EpochSummary, ReferenceCnn>? epochCompleted = null)
    {
        var labelValues = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            labelValues[i] = labels[i];
        }

        return Train(images, labelValues, options, progress, cancellationToken, epochCompleted);
    }

    /// <summary>
    /// Trains a freshly initialised network on <paramref name="images"/>, [image, 28 x 28]
    /// row-major with pixels in [0, 1], and <paramref name="labels"/> in [0, 10).
    /// </summary>
    /// <param name="progress">Called on the training thread after every batch.</param>
    /// <param name="epochCompleted">
    /// Called after each epoch, once its duration is taken, with the model as trained so far, so
    /// that a caller can evaluate it between epochs. The callback must not change the model.
    /// </param>
    /// <exception cref="OperationCanceledException">Cancellation was requested; it is checked before each batch.</exception>
    public TrainingResult Train(
        ReadOnlySpan<float> images,
        ReadOnlySpan<int> labels,
        TrainingOptions options,
        Action<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default,
        Action<EpochSummary, ReferenceCnn>? epochCompleted = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ValidateData(images, labels);

        var total = Stopwatch.StartNew();
        int count = labels.Length;
        int batchCount = (count + options.BatchSize - 1) / options.BatchSize;
        ReferenceCnn model = ReferenceCnn.CreateInitialized(options.Seed, gemm);
        var optimizer = new AdamOptimizer(ReferenceCnn.ParameterCount, options.Adam);
        var workspace = new CnnWorkspace(Math.Min(options.BatchSize, count), forTraining: true);
        var gradients = new float[ReferenceCnn.ParameterCount];
        var shuffle = new Xoshiro256StarStar(unchecked(options.Seed + ShuffleSeedOffset));
        var order = new int[count];
        var epochs = new List<EpochSummary>(options.Epochs);

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            for (int i = 0; i < count; i++)
            {
                order[i] = i;
            }

            shuffle.Shuffle(order.AsSpan());
            var epochTime = Stopwatch.StartNew();
            double lossSum = 0;
            int imagesDone = 0;
            for (int batchIndex = 0; batchIndex < batchCount; batchIndex++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int start = batchIndex * options.BatchSize;
                int batch = Math.Min(options.BatchSize, count - start);
                GatherBatch(images, labels, order.AsSpan(start, batch), workspace);

                double loss = model.ComputeLossAndGradients(workspace, batch, gradients);
                optimizer.Step(model.MutableParameters, gradients, gemm.ThreadCount);

                lossSum += loss * batch;
                imagesDone += batch;
                progress?.Invoke(new TrainingProgress(
                    epoch,
                    options.Epochs,
                    batchIndex + 1,
                    batchCount,
                    lossSum / imagesDone,
                    imagesDone / epochTime.Elapsed.TotalSeconds));
            }

            TimeSpan duration = epochTime.Elapsed;
            var summary = new EpochSummary(epoch, lossSum / count, duration, count / duration.TotalSeconds);
            epochs.Add(summary);
            epochCompleted?.Invoke(summary, model);
        }

        return new TrainingResult(model, epochs, total.Elapsed, gemm.Name, gemm.ThreadCount);
    }

    private static void GatherBatch(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, ReadOnlySpan<int> indices,
        CnnWorkspace workspace)
    {
        const int pixels = ReferenceCnn.ImagePixels;
        for (int i = 0; i < indices.Length; i++)
        {
            int index = indices[i];
            images.Slice(index * pixels, pixels).CopyTo(workspace.Input.AsSpan(i * pixels, pixels));
            workspace.Labels[i] = labels[index];
        }
    }

    private static void ValidateData(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        if (labels.IsEmpty)
        {
            throw new ArgumentException("Training needs at least one image, but no labels were given.", nameof(labels));
        }

        if (images.Length != (long)labels.Length * ReferenceCnn.ImagePixels)
        {
            throw new ArgumentException(
                $"{labels.Length} labels need {(long)labels.Length * ReferenceCnn.ImagePixels} pixel values "
                + $"({ReferenceCnn.ImagePixels} per image), but {images.Length} were given.",
                nameof(images));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || labels[i] >= ReferenceCnn.ClassCount)
            {
                throw new ArgumentException(
                    $"Label {i} is {labels[i]}, but labels must be in [0, {ReferenceCnn.ClassCount}).",
                    nameof(labels));
            }
        }

        for (int i = 0; i < images.Length; i++)
        {
            // Written so that NaN fails the check too.
            if (!(images[i] >= 0f && images[i] <= 1f))
            {
                throw new ArgumentException(
                    $"Pixel {i % ReferenceCnn.ImagePixels} of image {i / ReferenceCnn.ImagePixels} is {images[i]}, "
                    + "but pixels must be in [0, 1]; scale bytes by 1/255.",
                    nameof(images));
            }
        }
    }
}
