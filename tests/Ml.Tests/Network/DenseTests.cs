using PolicyEngine.Ml.Blas;
using PolicyEngine.Ml.Network;

namespace PolicyEngine.Ml.Tests.Network;

public sealed class DenseTests
{
    private const int Batch = 3;
    private const int Inputs = 7;
    private const int Outputs = 5;

    private readonly IGemm gemm = new ManagedGemm(2);
    private readonly float[] input = TestArrays.Uniform(Batch * Inputs, 1);
    private readonly float[] weights = TestArrays.Uniform(Outputs * Inputs, 2);
    private readonly float[] bias = TestArrays.Uniform(Outputs, 3);
    private readonly float[] outputWeights = TestArrays.Uniform(Batch * Outputs, 4);
    private readonly float[] output = new float[Batch * Outputs];
    private readonly float[] weightGradient = new float[Outputs * Inputs];
    private readonly float[] biasGradient = new float[Outputs];
    private readonly float[] inputGradient = new float[Batch * Inputs];

    [Fact]
    public void Dense_ForwardComputesXWTransposePlusB()
    {
        Loss();

        for (int image = 0; image < Batch; image++)
        {
            for (int o = 0; o < Outputs; o++)
            {
                double expected = bias[o];
                for (int i = 0; i < Inputs; i++)
                {
                    expected += (double)input[image * Inputs + i] * weights[o * Inputs + i];
                }

                Assert.Equal(expected, output[image * Outputs + o], 5);
            }
        }
    }

    [Fact]
    public void Dense_GradientsMatchFiniteDifferences()
    {
        Loss();
        Dense.Backward(gemm, Batch, Inputs, Outputs, input, weights, outputWeights, weightGradient, biasGradient, inputGradient);

        AssertGradient(weights, weightGradient, "weight");
        AssertGradient(bias, biasGradient, "bias");
        AssertGradient(input, inputGradient, "input");
    }

    private double Loss()
    {
        Dense.Forward(gemm, Batch, Inputs, Outputs, input, weights, bias, output);
        return TestArrays.WeightedSum(output, outputWeights);
    }

    private void AssertGradient(float[] values, float[] gradient, string name)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double numerical = TestArrays.CentralDifference(Loss, values, i, 1e-2f);
            Assert.True(Math.Abs(numerical - gradient[i]) <= 1e-3 + 1e-2 * Math.Abs(numerical),
                $"Gradient of {name} {i} is {gradient[i]}, finite differences give {numerical}.");
        }
    }
}
