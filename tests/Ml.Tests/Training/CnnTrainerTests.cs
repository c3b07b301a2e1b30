using PolicyEngine.Ml.Blas;
using PolicyEngine.Ml.Network;
using PolicyEngine.Ml.Training;

namespace PolicyEngine.Ml.Tests.Training;

public sealed class CnnTrainerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("cnn-trainer-tests-").FullName;

    public static TheoryData<GemmBackend> Backends() => new() { GemmBackend.Managed, GemmBackend.Auto };

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [MemberData(nameof(Backends))]
    public void Train_SameSeedGivesIdenticalWeights(GemmBackend backend)
    {
        (float[] images, byte[] labels) = SyntheticImages.Create(200, seed: 1);
        var trainer = new CnnTrainer(GemmFactory.Create(2, backend));
        var options = new TrainingOptions { Epochs = 2, Seed = 17 };

        SavedWeights first = WeightsFile.Save(trainer.Train(images, labels, options).Model, Path.Combine(folder, "first.bin"));
        SavedWeights second = WeightsFile.Save(trainer.Train(images, labels, options).Model, Path.Combine(folder, "second.bin"));
        SavedWeights other = WeightsFile.Save(
            trainer.Train(images, labels, options with { Seed = 18 }).Model, Path.Combine(folder, "other.bin"));

        Assert.Equal(first.Sha256, second.Sha256);
        Assert.NotEqual(first.Sha256, other.Sha256);
    }

    [Fact]
    public void Train_OneEpochLowersLoss()
    {
        (float[] images, byte[] labels) = SyntheticImages.Create(512, seed: 2);
        IGemm gemm = GemmFactory.Create(2);
        var options = new TrainingOptions { Epochs = 1, Seed = 3 };
        double initialLoss = SyntheticImages.MeanLoss(ReferenceCnn.CreateInitialized(options.Seed, gemm), images, labels);

        TrainingResult result = new CnnTrainer(gemm).Train(images, labels, options);

        double trainedLoss = SyntheticImages.MeanLoss(result.Model, images, labels);
        Assert.True(trainedLoss < 0.5 * initialLoss, $"Loss went from {initialLoss} to {trainedLoss}.");
    }

    [Fact]
    public void Train_EpochCallbackSeesModelAfterEachEpoch()
    {
        (float[] images, byte[] labels) = SyntheticImages.Create(96, seed: 5);
        var trainer = new CnnTrainer(GemmFactory.Create(2, GemmBackend.Managed));
        var seen = new List<(int Epoch, double Loss)>();

        TrainingResult result = trainer.Train(images, labels, new TrainingOptions { Epochs = 3, Seed = 5 },
            epochCompleted: (epoch, model) => seen.Add((epoch.Epoch, SyntheticImages.MeanLoss(model, images, labels))));

        Assert.Equal([1, 2, 3], seen.Select(s => s.Epoch));
        Assert.Equal(SyntheticImages.MeanLoss(result.Model, images, labels), seen[^1].Loss);
        Assert.True(seen[^1].Loss < seen[0].Loss);
    }

    [Fact]
    public void Train_ReportsEveryBatch()
    {
        (float[] images, byte[] labels) = SyntheticImages.Create(70, seed: 4);
        var reports = new List<TrainingProgress>();

        TrainingResult result = new CnnTrainer(new ManagedGemm(2)).Train(
            images, labels, new TrainingOptions { Epochs = 2, Seed = 5 }, reports.Add);

        // 70 images in batches of 32 make batches of 32, 32 and 6.
        Assert.Equal(6, reports.Count);
        Assert.Equal([1, 2, 3, 1, 2, 3], reports.Select(report => report.Batch));
        Assert.Equal([1, 1, 1, 2, 2, 2], reports.Select(report => report.Epoch));
        Assert.All(reports, report => Assert.Equal(3, report.BatchCount));
        Assert.All(reports, report => Assert.Equal(2, report.EpochCount));
        Assert.All(reports, report => Assert.True(report.ImagesPerSecond > 0));
        Assert.All(reports, report => Assert.True(double.IsFinite(report.RunningLoss)));
        Assert.Equal(2, result.Epochs.Count);
        Assert.Equal(reports[2].RunningLoss, result.Epochs[0].MeanLoss);
    }

    [Fact]
    public void Train_StopsWhenCancelled()
    {
        (float[] images, byte[] labels) = SyntheticImages.Create(100, seed: 6);
        using var cancellation = new CancellationTokenSource();
        int batches = 0;
        void CancelAfterFirstBatch(TrainingProgress progress)
        {
            batches++;
            cancellation.Cancel();
        }

        Assert.Throws<OperationCanceledException>(() => new CnnTrainer(new ManagedGemm(1)).Train(
            images, labels, new TrainingOptions { Epochs = 3 }, CancelAfterFirstBatch, cancellation.Token));
        Assert.Equal(1, batches);
    }

    [Fact]
    public void Train_RejectsLabelOutOfRange()
    {
        (float[] images, byte[] labels) = SyntheticImages.Create(3, seed: 7);
        labels[2] = 10;

        var error = Assert.Throws<ArgumentException>(
            () => new CnnTrainer(new ManagedGemm(1)).Train(images, labels, new TrainingOptions()));

        Assert.Contains("Label 2 is 10", error.Message);
    }

    [Fact]
    public void Train_RejectsPixelOutsideUnitInterval()
    {
        (float[] images, byte[] labels) = SyntheticImages.Create(2, seed: 8);
        images[ReferenceCnn.ImagePixels + 5] = 255f;

        var error = Assert.Throws<ArgumentException>(
            () => new CnnTrainer(new ManagedGemm(1)).Train(images, labels, new TrainingOptions()));

        Assert.Contains("Pixel 5 of image 1 is 255", error.Message);
    }

    [Fact]
    public void Train_RejectsImageCountMismatch()
    {
        (float[] images, _) = SyntheticImages.Create(2, seed: 9);

        var error = Assert.Throws<ArgumentException>(
            () => new CnnTrainer(new ManagedGemm(1)).Train(images, new byte[3], new TrainingOptions()));

        Assert.Contains("3 labels need 2352 pixel values", error.Message);
    }

    [Fact]
    public void Train_RejectsZeroEpochs()
    {
        (float[] images, byte[] labels) = SyntheticImages.Create(2, seed: 10);

        Assert.Throws<ArgumentOutOfRangeException>(
            () => new CnnTrainer(new ManagedGemm(1)).Train(images, labels, new TrainingOptions { Epochs = 0 }));
    }
}
