namespace PolicyEngine.Ml.Network;

/// <summary>
/// Sizes of a batched square convolution with stride 1 and no padding. Activations use the
/// channel-major layout [channel, image, row, column], so one GEMM covers the whole batch.
/// </summary>
internal readonly record struct ConvolutionShape(
    int InputChannels,
    int OutputChannels,
    int Batch,
    int Height,
    int Width,
    int KernelSize)
{
    public int OutputHeight => Height - KernelSize + 1;

    public int OutputWidth => Width - KernelSize + 1;

    /// <summary>Rows of the im2col matrix: input channels x kernel rows x kernel columns.</summary>
    public int PatchLength => InputChannels * KernelSize * KernelSize;

    /// <summary>Columns of the im2col matrix: images x output rows x output columns.</summary>
    public int OutputPositions => Batch * OutputHeight * OutputWidth;

    public int InputLength => InputChannels * Batch * Height * Width;

    public int OutputLength => OutputChannels * OutputPositions;

    public int ColumnsLength => PatchLength * OutputPositions;

    public int WeightLength => OutputChannels * PatchLength;
}
