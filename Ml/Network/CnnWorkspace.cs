namespace PolicyEngine.Ml.Network;

/// <summary>
/// Activation and gradient buffers of <see cref="ReferenceCnn"/> for batches of up to
/// <see cref="MaxBatch"/> images, allocated once and reused for every batch.
/// </summary>
/// <remarks>
/// Convolution activations are channel-major, [channel, image, row, column]; dense activations
/// are one row per image. Gradient buffers are allocated only for training.
/// </remarks>
internal sealed class CnnWorkspace
{
    public CnnWorkspace(int maxBatch, bool forTraining)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        MaxBatch = maxBatch;
        ConvolutionShape conv1 = ReferenceCnn.Conv1Shape(maxBatch);
        ConvolutionShape conv2 = ReferenceCnn.Conv2Shape(maxBatch);
        int pooled1Length = conv1.OutputChannels * conv2.Batch * conv2.Height * conv2.Width;
        int pooled2Length = maxBatch * ReferenceCnn.FlattenedLength;

        Input = new float[maxBatch * ReferenceCnn.ImagePixels];
        Labels = new int[maxBatch];
        Columns1 = new float[conv1.ColumnsLength];
        Activations1 = new float[conv1.OutputLength];
        Pooled1 = new float[pooled1Length];
        MaxIndices1 = new int[pooled1Length];
        Columns2 = new float[conv2.ColumnsLength];
        Activations2 = new float[conv2.OutputLength];
        Pooled2 = new float[pooled2Length];
        MaxIndices2 = new int[pooled2Length];
        Flat = new float[pooled2Length];
        Hidden = new float[maxBatch * ReferenceCnn.HiddenUnits];
        Logits = new float[maxBatch * ReferenceCnn.ClassCount];
        if (!forTraining)
        {
            return;
        }

        LogitGradient = new float[Logits.Length];
        HiddenGradient = new float[Hidden.Length];
        FlatGradient = new float[Flat.Length];
        Pooled2Gradient = new float[Pooled2.Length];
        Activations2Gradient = new float[Activations2.Length];
        Columns2Gradient = new float[Columns2.Length];
        Pooled1Gradient = new float[Pooled1.Length];
        Activations1Gradient = new float[Activations1.Length];
    }

    public int MaxBatch { get; }

    /// <summary>Images of the current batch, [image, 28 x 28], which is also [1, image, 28, 28].</summary>
    public float[] Input { get; }

    public int[] Labels { get; }

    public float[] Columns1 { get; }

    public float[] Activations1 { get; }

    public float[] Pooled1 { get; }

    public int[] MaxIndices1 { get; }

    public float[] Columns2 { get; }

    public float[] Activations2 { get; }

    public float[] Pooled2 { get; }

    public int[] MaxIndices2 { get; }

    public float[] Flat { get; }

    public float[] Hidden { get; }

    public float[] Logits { get; }

    public float[] LogitGradient { get; } = [];

    public float[] HiddenGradient { get; } = [];

    public float[] FlatGradient { get; } = [];

    public float[] Pooled2Gradient { get; } = [];

    public float[] Activations2Gradient { get; } = [];

    public float[] Columns2Gradient { get; } = [];

    public float[] Pooled1Gradient { get; } = [];

    public float[] Activations1Gradient { get; } = [];
}
