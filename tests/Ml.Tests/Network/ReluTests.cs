using PolicyEngine.Ml.Network;

namespace PolicyEngine.Ml.Tests.Network;

public sealed class ReluTests
{
    [Fact]
    public void Relu_ForwardClampsNegativesToZero()
    {
        float[] values = [-2f, -0.5f, 0f, 0.5f, 3f, -1e-30f, 7f, -7f, 1f, -1f];

        Relu.Forward(values, threadCount: 2);

        Assert.Equal([0f, 0f, 0f, 0.5f, 3f, 0f, 7f, 0f, 1f, 0f], values);
    }

    [Fact]
    public void Relu_BackwardPassesGradientOnlyWherePositive()
    {
        // 19 elements so that both the vector loop and the remainder run.
        float[] output = Enumerable.Range(0, 19).Select(i => i % 3 == 0 ? 0f : i).ToArray();
        float[] gradient = Enumerable.Repeat(2f, 19).ToArray();

        Relu.Backward(output, gradient, threadCount: 2);

        for (int i = 0; i < gradient.Length; i++)
        {
            Assert.Equal(i % 3 == 0 ? 0f : 2f, gradient[i]);
        }
    }
}
