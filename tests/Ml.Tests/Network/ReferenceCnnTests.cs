using PolicyEngine.Ml.Blas;
using PolicyEngine.Ml.Network;

namespace PolicyEngine.Ml.Tests.Network;

public sealed class ReferenceCnnTests
{
    private readonly IGemm gemm = new ManagedGemm(2);

    [Fact]
    public void ParameterCount_Is225034()
    {
        int total = ReferenceCnn.ParameterTensors.Sum(tensor => tensor.Length);

        Assert.Equal(225_034, ReferenceCnn.ParameterCount);
        Assert.Equal(225_034, total);
        Assert.Equal(225_034, ReferenceCnn.CreateInitialized(1, gemm).Parameters.Length);
    }

    [Theory]
    [InlineData("conv1", 320)]
    [InlineData("conv2", 18_496)]
    [InlineData("fc1", 204_928)]
    [InlineData("fc2", 1_290)]
    public void ParameterCount_PerLayerMatchesArchitecture(string layer, int expected)
    {
        int count = ReferenceCnn.ParameterTensors
            .Where(tensor => tensor.Name.StartsWith(layer + ".", StringComparison.Ordinal))
            .Sum(tensor => tensor.Length);

        Assert.Equal(expected, count);
    }

    [Fact]
    public void ParameterTensors_AreContiguousInStorageOrder()
    {
        int offset = 0;
        foreach (ParameterTensor tensor in ReferenceCnn.ParameterTensors)
        {
            Assert.Equal(offset, tensor.Offset);
            offset += tensor.Length;
        }

        Assert.Equal(
            ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"],
            ReferenceCnn.ParameterTensors.Select(tensor => tensor.Name));
    }

    [Fact]
    public void Initialization_StaysWithinPyTorchBounds()
    {
        ReferenceCnn model = ReferenceCnn.CreateInitialized(3, gemm);

        foreach (ParameterTensor tensor in ReferenceCnn.ParameterTensors)
        {
            ReadOnlySpan<float> values = model.Parameters.Slice(tensor.Offset, tensor.Length);
            float bound = (float)(1 / Math.Sqrt(tensor.FanIn));
            float maxAbs = 0f;
            foreach (float value in values)
            {
                maxAbs = Math.Max(maxAbs, Math.Abs(value));
            }

            Assert.True(maxAbs <= bound, $"{tensor.Name}: max |value| {maxAbs} exceeds 1/sqrt({tensor.FanIn}).");
            Assert.True(maxAbs > 0.5f * bound, $"{tensor.Name}: max |value| {maxAbs} is far below the bound {bound}.");
        }
    }

    [Fact]
    public void Initialization_SameSeedGivesSameWeights()
    {
        float[] first = ReferenceCnn.CreateInitialized(5, gemm).Parameters.ToArray();
        float[] second = ReferenceCnn.CreateInitialized(5, gemm).Parameters.ToArray();
        float[] other = ReferenceCnn.CreateInitialized(6, gemm).Parameters.ToArray();

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void PredictProbabilities_ReturnsTenProbabilitiesPerImage()
    {
        ReferenceCnn model = ReferenceCnn.CreateInitialized(1, gemm);
        float[] images = TestArrays.Uniform(7 * ReferenceCnn.ImagePixels, 2, 0f, 1f);

        float[] probabilities = model.PredictProbabilities(images);

        Assert.Equal(7 * ReferenceCnn.ClassCount, probabilities.Length);
        for (int image = 0; image < 7; image++)
        {
            ReadOnlySpan<float> row = probabilities.AsSpan(image * 10, 10);
            Assert.All(row.ToArray(), value => Assert.InRange(value, 0f, 1f));
            Assert.Equal(1.0, row.ToArray().Sum(value => (double)value), 5);
        }
    }

    [Fact]
    public void PredictProbabilities_DoesNotDependOnBatchSize()
    {
        ReferenceCnn model = ReferenceCnn.CreateInitialized(1, gemm);
        float[] images = TestArrays.Uniform(9 * ReferenceCnn.ImagePixels, 2, 0f, 1f);

        float[] whole = model.PredictProbabilities(images, batchSize: 64);
        float[] inPieces = model.PredictProbabilities(images, batchSize: 4);

        Assert.Equal(whole, inPieces);
    }

    [Fact]
    public void PredictProbabilities_RejectsPartialImage()
    {
        ReferenceCnn model = ReferenceCnn.CreateInitialized(1, gemm);

        var error = Assert.Throws<ArgumentException>(() => model.PredictProbabilities(new float[ReferenceCnn.ImagePixels + 1]));

        Assert.Contains("not a multiple of 784", error.Message);
    }

    [Fact]
    public void Forward_ProducesDocumentedShapes()
    {
        const int batch = 3;
        ReferenceCnn model = ReferenceCnn.CreateInitialized(1, gemm);
        var workspace = new CnnWorkspace(batch, forTraining: false);

        model.Forward(workspace, batch);

        Assert.Equal(32 * batch * 26 * 26, workspace.Activations1.Length);
        Assert.Equal(32 * batch * 13 * 13, workspace.Pooled1.Length);
        Assert.Equal(64 * batch * 11 * 11, workspace.Activations2.Length);
        Assert.Equal(64 * batch * 5 * 5, workspace.Pooled2.Length);
        Assert.Equal(batch * 1600, workspace.Flat.Length);
        Assert.Equal(batch * 128, workspace.Hidden.Length);
        Assert.Equal(batch * 10, workspace.Logits.Length);
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences()
    {
        const int batch = 3;
        ReferenceCnn model = ReferenceCnn.CreateInitialized(11, gemm);
        var workspace = new CnnWorkspace(batch, forTraining: true);
        TestArrays.Uniform(batch * ReferenceCnn.ImagePixels, 12, 0f, 1f).CopyTo(workspace.Input, 0);
        int[] labels = [1, 4, 9];
        labels.CopyTo(workspace.Labels, 0);
        var gradients = new float[ReferenceCnn.ParameterCount];
        var scratch = new float[ReferenceCnn.ParameterCount];
        double Loss() => model.ComputeLossAndGradients(workspace, batch, scratch);

        model.ComputeLossAndGradients(workspace, batch, gradients);

        var random = new Xoshiro256StarStar(13);
        foreach (ParameterTensor tensor in ReferenceCnn.ParameterTensors)
        {
            for (int sample = 0; sample < 6; sample++)
            {
                int index = tensor.Offset + random.NextInt32(tensor.Length);
                double numerical = TestArrays.CentralDifference(Loss, model.MutableParameters, index, 1e-3f);
                Assert.True(Math.Abs(numerical - gradients[index]) <= 2e-3 + 0.05 * Math.Abs(numerical),
                    $"{tensor.Name} element {index - tensor.Offset}: gradient {gradients[index]}, finite differences {numerical}.");
            }
        }
    }
}
