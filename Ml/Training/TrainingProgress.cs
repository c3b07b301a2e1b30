namespace PolicyEngine.Ml.Training;

/// <summary>Progress after one batch of training.</summary>
/// <param name="Epoch">Current epoch, from 1.</param>
/// <param name="EpochCount">Epochs in the run.</param>
/// <param name="Batch">Batches finished in this epoch, from 1 to <paramref name="BatchCount"/>.</param>
/// <param name="BatchCount">Batches per epoch.</param>
/// <param name="RunningLoss">Mean cross-entropy over the images of this epoch so far.</param>
/// <param name="ImagesPerSecond">Images of this epoch so far divided by the epoch's elapsed time.</param>
public sealed record TrainingProgress(
    int Epoch,
    int EpochCount,
    int Batch,
    int BatchCount,
    double RunningLoss,
    double ImagesPerSecond);
