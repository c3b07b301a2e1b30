using PolicyEngine.Ml.Blas;
using PolicyEngine.Ml.Network;

namespace PolicyEngine.Ml.Tests.Network;

public sealed class Conv2dTests
{
    private static readonly ConvolutionShape Small = new(
        InputChannels: 2, OutputChannels: 3, Batch: 2, Height: 6, Width: 5, KernelSize: 3);

    [Fact]
    public void Conv2d_Im2ColMatchesDirect()
    {
        ConvolutionShape shape = ReferenceCnn.Conv2Shape(batch: 3);
        float[] input = TestArrays.Uniform(shape.InputLength, 1);
        float[] weights = TestArrays.Uniform(shape.WeightLength, 2);
        float[] bias = TestArrays.Uniform(shape.OutputChannels, 3);
        var output = new float[shape.OutputLength];
        double[] expected = TestArrays.NaiveConvolution(shape.InputChannels, shape.OutputChannels, shape.Batch,
            shape.Height, shape.Width, shape.KernelSize, input, weights, bias);

        Conv2d.Forward(new ManagedGemm(2), shape, input, weights, bias, new float[shape.ColumnsLength], output);

        Assert.Equal(expected.Length, output.Length);
        for (int i = 0; i < output.Length; i++)
        {
            Assert.True(Math.Abs(output[i] - expected[i]) < 1e-4, $"Output {i} is {output[i]}, expected {expected[i]}.");
        }
    }

    [Fact]
    public void Conv2d_SingleChannelMatchesDirect()
    {
        ConvolutionShape shape = ReferenceCnn.Conv1Shape(batch: 2);
        float[] input = TestArrays.Uniform(shape.InputLength, 4, 0f, 1f);
        float[] weights = TestArrays.Uniform(shape.WeightLength, 5);
        float[] bias = TestArrays.Uniform(shape.OutputChannels, 6);
        var output = new float[shape.OutputLength];
        double[] expected = TestArrays.NaiveConvolution(1, shape.OutputChannels, shape.Batch, 28, 28, 3, input, weights, bias);

        Conv2d.Forward(new ManagedGemm(1), shape, input, weights, bias, new float[shape.ColumnsLength], output);

        for (int i = 0; i < output.Length; i++)
        {
            Assert.True(Math.Abs(output[i] - expected[i]) < 1e-5, $"Output {i} is {output[i]}, expected {expected[i]}.");
        }
    }

    [Fact]
    public void Conv2d_WeightGradientMatchesFiniteDifferences()
    {
        Fixture fixture = new();

        fixture.Backward();

        for (int i = 0; i < fixture.Weights.Length; i++)
        {
            double numerical = TestArrays.CentralDifference(fixture.Loss, fixture.Weights, i, 1e-2f);
            AssertClose(numerical, fixture.WeightGradient[i], $"weight {i}");
        }
    }

    [Fact]
    public void Conv2d_BiasGradientMatchesFiniteDifferences()
    {
        Fixture fixture = new();

        fixture.Backward();

        for (int i = 0; i < fixture.Bias.Length; i++)
        {
            double numerical = TestArrays.CentralDifference(fixture.Loss, fixture.Bias, i, 1e-2f);
            AssertClose(numerical, fixture.BiasGradient[i], $"bias {i}");
        }
    }

    [Fact]
    public void Conv2d_InputGradientMatchesFiniteDifferences()
    {
        Fixture fixture = new();

        fixture.Backward();

        for (int i = 0; i < fixture.Input.Length; i++)
        {
            double numerical = TestArrays.CentralDifference(fixture.Loss, fixture.Input, i, 1e-2f);
            AssertClose(numerical, fixture.InputGradient[i], $"input {i}");
        }
    }

    private static void AssertClose(double expected, float actual, string what)
    {
        Assert.True(
            Math.Abs(expected - actual) <= 2e-3 + 1e-2 * Math.Abs(expected),
            $"Gradient of {what} is {actual}, finite differences give {expected}.");
    }

    /// <summary>
    /// A small convolution with the scalar loss sum(r * output) for fixed random r, whose
    /// gradient with respect to the output is r.
    /// </summary>
    private sealed class Fixture
    {
        private readonly IGemm gemm = new ManagedGemm(2);
        private readonly float[] outputWeights = TestArrays.Uniform(Small.OutputLength, 14);
        private readonly float[] columns = new float[Small.ColumnsLength];
        private readonly float[] output = new float[Small.OutputLength];

        public float[] Input { get; } = TestArrays.Uniform(Small.InputLength, 11);

        public float[] Weights { get; } = TestArrays.Uniform(Small.WeightLength, 12);

        public float[] Bias { get; } = TestArrays.Uniform(Small.OutputChannels, 13);

        public float[] WeightGradient { get; } = new float[Small.WeightLength];

        public float[] BiasGradient { get; } = new float[Small.OutputChannels];

        public float[] InputGradient { get; } = new float[Small.InputLength];

        public double Loss()
        {
            Conv2d.Forward(gemm, Small, Input, Weights, Bias, columns, output);
            return TestArrays.WeightedSum(output, outputWeights);
        }

        public void Backward()
        {
            Loss();
            Conv2d.Backward(gemm, Small, columns, Weights, outputWeights, WeightGradient, BiasGradient,
                new float[Small.ColumnsLength], InputGradient);
        }
    }
}
