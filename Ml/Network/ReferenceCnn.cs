using PolicyEngine.Ml.Blas;

namespace PolicyEngine.Ml.Network;

/// <summary>
/// The reference CNN for 28 x 28 grey images and 10 classes: Conv 3x3x32 + ReLU, MaxPool 2,
/// Conv 3x3x64 + ReLU, MaxPool 2, flatten (64 x 5 x 5 = 1,600), Dense 128 + ReLU, Dense 10,
/// softmax. Sizes go 28 -> 26 -> 13 -> 11 -> 5, and there are 225,034 parameters.
/// </summary>
/// <remarks>
/// All parameters live in one float vector in the order of <see cref="ParameterTensors"/>,
/// with PyTorch's names and layouts. An instance is not safe for concurrent training, but
/// concurrent <see cref="PredictProbabilities"/> calls are safe because each allocates its
/// own buffers.
/// </remarks>
public sealed class ReferenceCnn
{
    /// <summary>Architecture name stored in weights files and evidence records.</summary>
    public const string ArchitectureName = "cnn-conv32-pool-conv64-pool-dense128-dense10";

    public const int ImageSize = 28;
    public const int ImagePixels = ImageSize * ImageSize;
    public const int ClassCount = 10;
    public const int KernelSize = 3;
    public const int Conv1Filters = 32;
    public const int Conv2Filters = 64;
    public const int HiddenUnits = 128;

    /// <summary>Inputs of the first dense layer: 64 channels of 5 x 5 after the second pooling.</summary>
    public const int FlattenedLength = Conv2Filters * Pooled2Size * Pooled2Size;

    /// <summary>320 + 18,496 + 204,928 + 1,290 weights and biases.</summary>
    public const int ParameterCount = 225_034;

    /// <summary>Images per forward pass in <see cref="PredictProbabilities"/> unless the caller sets it.</summary>
    public const int DefaultPredictionBatchSize = 64;

    private const int Conv1Size = ImageSize - KernelSize + 1;
    private const int Pooled1Size = Conv1Size / MaxPool2d.WindowSize;
    private const int Conv2Size = Pooled1Size - KernelSize + 1;
    private const int Pooled2Size = Conv2Size / MaxPool2d.WindowSize;

    private const int Conv1Weight = 0;
    private const int Conv1Bias = 1;
    private const int Conv2Weight = 2;
    private const int Conv2Bias = 3;
    private const int Fc1Weight = 4;
    private const int Fc1Bias = 5;
    private const int Fc2Weight = 6;
    private const int Fc2Bias = 7;

    private static readonly ParameterTensor[] Tensors = BuildTensors();

    private readonly float[] parameters;

    private ReferenceCnn(float[] parameters, IGemm gemm)
    {
        this.parameters = parameters;
        Gemm = gemm;
    }

    /// <summary>
    /// Parameter tensors in storage order: conv1.weight [32, 1, 3, 3], conv1.bias [32],
    /// conv2.weight [64, 32, 3, 3], conv2.bias [64], fc1.weight [128, 1600], fc1.bias [128],
    /// fc2.weight [10, 128], fc2.bias [10].
    /// </summary>
    public static IReadOnlyList<ParameterTensor> ParameterTensors => Tensors;

    /// <summary>The GEMM, whose thread count also sets the threads of the other layer loops.</summary>
    public IGemm Gemm { get; }

    /// <summary>All parameters in the order of <see cref="ParameterTensors"/>.</summary>
    public ReadOnlySpan<float> Parameters => parameters;

    /// <summary>The parameter vector itself, which the optimizer updates in place.</summary>
    internal float[] MutableParameters => parameters;

    /// <summary>
    /// Creates a network with PyTorch's default initialisation, drawn from xoshiro256** seeded
    /// with <paramref name="seed"/>, tensor by tensor in storage order.
    /// </summary>
    /// <remarks>
    /// torch.nn.Linear.reset_parameters (pytorch/pytorch, torch/nn/modules/linear.py) calls
    /// kaiming_uniform_(weight, a=sqrt(5)) and draws the bias from U(-1/sqrt(fan_in),
    /// 1/sqrt(fan_in)). With a = sqrt(5) the gain is sqrt(2 / (1 + 5)), so the weight bound
    /// sqrt(3) * gain / sqrt(fan_in) is also 1/sqrt(fan_in). torch.nn.Conv2d documents the same
    /// U(-sqrt(k), sqrt(k)) with k = groups / (in_channels * kernel height * kernel width).
    /// </remarks>
    public static ReferenceCnn CreateInitialized(ulong seed, IGemm gemm)
    {
        ArgumentNullException.ThrowIfNull(gemm);
        var random = new Xoshiro256StarStar(seed);
        var values = new float[ParameterCount];
        foreach (ParameterTensor tensor in Tensors)
        {
            double bound = 1.0 / Math.Sqrt(tensor.FanIn);
            Span<float> destination = values.AsSpan(tensor.Offset, tensor.Length);
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = random.NextUniform(-bound, bound);
            }
        }

        return new ReferenceCnn(values, gemm);
    }

    /// <summary>Creates a network from a copy of <paramref name="values"/>, stored in the order of <see cref="ParameterTensors"/>.</summary>
    public static ReferenceCnn FromParameters(ReadOnlySpan<float> values, IGemm gemm)
    {
        ArgumentNullException.ThrowIfNull(gemm);
        if (values.Length != ParameterCount)
        {
            throw new ArgumentException(
                $"The reference CNN has {ParameterCount} parameters, but {values.Length} values were given.",
                nameof(values));
        }

        return new ReferenceCnn(values.ToArray(), gemm);
    }

    /// <summary>
    /// Returns the class probabilities, [image, class] row-major, for
    /// <paramref name="images"/> given as [image, 28 x 28] row-major pixels.
    /// </summary>
    public float[] PredictProbabilities(ReadOnlySpan<float> images, int batchSize = DefaultPredictionBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (images.Length % ImagePixels != 0)
        {
            throw new ArgumentException(
                $"Images must be {ImagePixels} pixels each, but {images.Length} values are not a multiple of {ImagePixels}.",
                nameof(images));
        }

        int count = images.Length / ImagePixels;
        var probabilities = new float[count * ClassCount];
        var workspace = new CnnWorkspace(Math.Clamp(count, 1, batchSize), forTraining: false);
        for (int start = 0; start < count; start += workspace.MaxBatch)
        {
            int batch = Math.Min(workspace.MaxBatch, count - start);
            images.Slice(start * ImagePixels, batch * ImagePixels).CopyTo(workspace.Input);
            Forward(workspace, batch);
            SoftmaxCrossEntropy.Softmax(
                workspace.Logits.AsSpan(0, batch * ClassCount),
                ClassCount,
                probabilities.AsSpan(start * ClassCount, batch * ClassCount));
        }

        return probabilities;
    }

    internal static ConvolutionShape Conv1Shape(int batch) =>
        new(1, Conv1Filters, batch, ImageSize, ImageSize, KernelSize);

    internal static ConvolutionShape Conv2Shape(int batch) =>
        new(Conv1Filters, Conv2Filters, batch, Pooled1Size, Pooled1Size, KernelSize);

    /// <summary>Runs the forward pass on the first <paramref name="batch"/> images of the workspace input, up to the logits.</summary>
    internal void Forward(CnnWorkspace workspace, int batch)
    {
        int threads = Gemm.ThreadCount;
        ConvolutionShape conv1 = Conv1Shape(batch);
        ConvolutionShape conv2 = Conv2Shape(batch);
        Memory<float> activations1 = workspace.Activations1.AsMemory(0, conv1.OutputLength);
        Memory<float> activations2 = workspace.Activations2.AsMemory(0, conv2.OutputLength);

        Conv2d.Forward(Gemm, conv1, workspace.Input, Slice(parameters, Conv1Weight), Slice(parameters, Conv1Bias),
            workspace.Columns1, activations1);
        Relu.Forward(activations1, threads);
        MaxPool2d.Forward(activations1, Conv1Filters * batch, Conv1Size, Conv1Size, workspace.Pooled1,
            workspace.MaxIndices1, threads);

        Conv2d.Forward(Gemm, conv2, workspace.Pooled1, Slice(parameters, Conv2Weight), Slice(parameters, Conv2Bias),
            workspace.Columns2, activations2);
        Relu.Forward(activations2, threads);
        MaxPool2d.Forward(activations2, Conv2Filters * batch, Conv2Size, Conv2Size, workspace.Pooled2,
            workspace.MaxIndices2, threads);

        Flatten.Forward(workspace.Pooled2, Conv2Filters, batch, Pooled2Size * Pooled2Size, workspace.Flat);
        Span<float> hidden = workspace.Hidden.AsSpan(0, batch * HiddenUnits);
        Dense.Forward(Gemm, batch, FlattenedLength, HiddenUnits, workspace.Flat, Slice(parameters, Fc1Weight).Span,
            Slice(parameters, Fc1Bias).Span, hidden);
        Relu.Forward(workspace.Hidden.AsMemory(0, batch * HiddenUnits), threads);
        Dense.Forward(Gemm, batch, HiddenUnits, ClassCount, hidden, Slice(parameters, Fc2Weight).Span,
            Slice(parameters, Fc2Bias).Span, workspace.Logits);
    }

    /// <summary>
    /// Runs the forward and backward passes on the first <paramref name="batch"/> images and
    /// labels of the workspace, writes the gradient of the mean cross-entropy into
    /// <paramref name="gradients"/> (laid out like the parameters) and returns that loss.
    /// </summary>
    internal double ComputeLossAndGradients(CnnWorkspace workspace, int batch, float[] gradients)
    {
        Forward(workspace, batch);
        double loss = SoftmaxCrossEntropy.ComputeLossAndGradient(
            workspace.Logits.AsSpan(0, batch * ClassCount),
            workspace.Labels.AsSpan(0, batch),
            ClassCount,
            workspace.LogitGradient);
        BackwardDense(workspace, batch, gradients);
        BackwardConvolutions(workspace, batch, gradients);
        return loss;
    }

    private void BackwardDense(CnnWorkspace workspace, int batch, float[] gradients)
    {
        int threads = Gemm.ThreadCount;
        Memory<float> hiddenGradient = workspace.HiddenGradient.AsMemory(0, batch * HiddenUnits);
        Dense.Backward(Gemm, batch, HiddenUnits, ClassCount, workspace.Hidden, Slice(parameters, Fc2Weight).Span,
            workspace.LogitGradient, Slice(gradients, Fc2Weight).Span, Slice(gradients, Fc2Bias).Span,
            hiddenGradient.Span);
        Relu.Backward(workspace.Hidden.AsMemory(0, batch * HiddenUnits), hiddenGradient, threads);
        Dense.Backward(Gemm, batch, FlattenedLength, HiddenUnits, workspace.Flat, Slice(parameters, Fc1Weight).Span,
            hiddenGradient.Span, Slice(gradients, Fc1Weight).Span, Slice(gradients, Fc1Bias).Span,
            workspace.FlatGradient);
        Flatten.Backward(workspace.FlatGradient, Conv2Filters, batch, Pooled2Size * Pooled2Size,
            workspace.Pooled2Gradient);
    }

    private void BackwardConvolutions(CnnWorkspace workspace, int batch, float[] gradients)
    {
        int threads = Gemm.ThreadCount;
        ConvolutionShape conv1 = Conv1Shape(batch);
        ConvolutionShape conv2 = Conv2Shape(batch);
        Memory<float> activations2Gradient = workspace.Activations2Gradient.AsMemory(0, conv2.OutputLength);
        Memory<float> activations1Gradient = workspace.Activations1Gradient.AsMemory(0, conv1.OutputLength);

        MaxPool2d.Backward(workspace.Pooled2Gradient, workspace.MaxIndices2, Conv2Filters * batch, Conv2Size,
            Conv2Size, activations2Gradient, threads);
        Relu.Backward(workspace.Activations2.AsMemory(0, conv2.OutputLength), activations2Gradient, threads);
        Conv2d.Backward(Gemm, conv2, workspace.Columns2, Slice(parameters, Conv2Weight), activations2Gradient,
            Slice(gradients, Conv2Weight), Slice(gradients, Conv2Bias), workspace.Columns2Gradient,
            workspace.Pooled1Gradient.AsMemory(0, conv2.InputLength));

        MaxPool2d.Backward(workspace.Pooled1Gradient, workspace.MaxIndices1, Conv1Filters * batch, Conv1Size,
            Conv1Size, activations1Gradient, threads);
        Relu.Backward(workspace.Activations1.AsMemory(0, conv1.OutputLength), activations1Gradient, threads);

        // The input images need no gradient, so conv1 stops after its weights and bias.
        Conv2d.Backward(Gemm, conv1, workspace.Columns1, Slice(parameters, Conv1Weight), activations1Gradient,
            Slice(gradients, Conv1Weight), Slice(gradients, Conv1Bias), Memory<float>.Empty, Memory<float>.Empty);
    }

    private static Memory<float> Slice(float[] vector, int tensorIndex)
    {
        ParameterTensor tensor = Tensors[tensorIndex];
        return vector.AsMemory(tensor.Offset, tensor.Length);
    }

    private static ParameterTensor[] BuildTensors()
    {
        int conv1FanIn = KernelSize * KernelSize;
        int conv2FanIn = Conv1Filters * KernelSize * KernelSize;
        (string Name, int[] Shape, int FanIn)[] definitions =
        [
            ("conv1.weight", [Conv1Filters, 1, KernelSize, KernelSize], conv1FanIn),
            ("conv1.bias", [Conv1Filters], conv1FanIn),
            ("conv2.weight", [Conv2Filters, Conv1Filters, KernelSize, KernelSize], conv2FanIn),
            ("conv2.bias", [Conv2Filters], conv2FanIn),
            ("fc1.weight", [HiddenUnits, FlattenedLength], FlattenedLength),
            ("fc1.bias", [HiddenUnits], FlattenedLength),
            ("fc2.weight", [ClassCount, HiddenUnits], HiddenUnits),
            ("fc2.bias", [ClassCount], HiddenUnits),
        ];

        var tensors = new ParameterTensor[definitions.Length];
        int offset = 0;
        for (int i = 0; i < definitions.Length; i++)
        {
            tensors[i] = new ParameterTensor(definitions[i].Name, definitions[i].Shape, offset, definitions[i].FanIn);
            offset += tensors[i].Length;
        }

        if (offset != ParameterCount)
        {
            throw new InvalidOperationException($"The tensor shapes add up to {offset} parameters, not {ParameterCount}.");
        }

        return tensors;
    }
}
