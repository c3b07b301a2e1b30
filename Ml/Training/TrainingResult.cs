using PolicyEngine.Ml.Network;

namespace PolicyEngine.Ml.Training;

/// <summary>Loss and speed of one finished epoch.</summary>
/// <param name="Epoch">Epoch number, from 1.</param>
/// <param name="MeanLoss">Mean training cross-entropy over the epoch's images, each taken before its batch's update.</param>
public sealed record EpochSummary(int Epoch, double MeanLoss, TimeSpan Duration, double ImagesPerSecond);

/// <summary>The trained network and how the run went.</summary>
/// <param name="GemmName">Name of the GEMM implementation, which provenance records with the thread count.</param>
public sealed record TrainingResult(
    ReferenceCnn Model,
    IReadOnlyList<EpochSummary> Epochs,
    TimeSpan Duration,
    string GemmName,
    int ThreadCount);
