using PolicyEngine.Ml.Network;

namespace PolicyEngine.Ml.Tests.Network;

public sealed class MaxPool2dTests
{
    [Theory]
    [InlineData(26)]
    [InlineData(11)]
    [InlineData(7)]
    public void MaxPool2d_MatchesNaiveWindows(int size)
    {
        const int planes = 5;
        float[] input = TestArrays.Uniform(planes * size * size, 1);
        int outputSize = size / 2;
        var output = new float[planes * outputSize * outputSize];
        var indices = new int[output.Length];

        MaxPool2d.Forward(input, planes, size, size, output, indices, threadCount: 2);

        for (int plane = 0; plane < planes; plane++)
        {
            for (int y = 0; y < outputSize; y++)
            {
                for (int x = 0; x < outputSize; x++)
                {
                    int topLeft = (plane * size + 2 * y) * size + 2 * x;
                    float expected = new[] { topLeft, topLeft + 1, topLeft + size, topLeft + size + 1 }
                        .Max(index => input[index]);
                    int outputIndex = (plane * outputSize + y) * outputSize + x;
                    Assert.Equal(expected, output[outputIndex]);
                    Assert.Equal(expected, input[indices[outputIndex]]);
                }
            }
        }
    }

    [Fact]
    public void MaxPool2d_TiePicksFirstInRowMajorOrder()
    {
        // A 2 x 8 input of four windows, so the vector path runs. Every window contains a tie.
        float[] input =
        [
            1, 1, 0, 2, 0, 0, 3, 0,
            0, 0, 2, 0, 0, 0, 3, 3,
        ];
        var output = new float[4];
        var indices = new int[4];

        MaxPool2d.Forward(input, 1, 2, 8, output, indices, threadCount: 1);

        Assert.Equal([1f, 2f, 0f, 3f], output);
        Assert.Equal([0, 3, 4, 6], indices);
    }

    [Fact]
    public void MaxPool2d_GradientMatchesFiniteDifferences()
    {
        const int planes = 3, size = 11;
        int outputSize = size / 2;

        // A permutation of distinct values spaced 0.1 apart, so a step of 0.01 never changes a maximum.
        int count = planes * size * size;
        int[] order = Enumerable.Range(0, count).ToArray();
        new Xoshiro256StarStar(5).Shuffle(order.AsSpan());
        float[] input = order.Select(value => value * 0.1f).ToArray();
        float[] outputWeights = TestArrays.Uniform(planes * outputSize * outputSize, 6);
        var output = new float[outputWeights.Length];
        var indices = new int[outputWeights.Length];
        var inputGradient = new float[count];
        double Loss()
        {
            MaxPool2d.Forward(input, planes, size, size, output, indices, threadCount: 2);
            return TestArrays.WeightedSum(output, outputWeights);
        }

        Loss();
        MaxPool2d.Backward(outputWeights, indices, planes, size, size, inputGradient, threadCount: 2);

        for (int i = 0; i < count; i++)
        {
            double numerical = TestArrays.CentralDifference(Loss, input, i, 1e-2f);
            Assert.True(Math.Abs(numerical - inputGradient[i]) < 1e-2,
                $"Gradient of input {i} is {inputGradient[i]}, finite differences give {numerical}.");
        }
    }
}
