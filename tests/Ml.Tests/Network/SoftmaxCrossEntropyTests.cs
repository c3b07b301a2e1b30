using PolicyEngine.Ml.Network;

namespace PolicyEngine.Ml.Tests.Network;

public sealed class SoftmaxCrossEntropyTests
{
    [Fact]
    public void Loss_UniformLogitsGiveLogOfClassCount()
    {
        float[] logits = new float[2 * 10];
        int[] labels = [3, 7];

        double loss = SoftmaxCrossEntropy.ComputeLossAndGradient(logits, labels, 10, new float[logits.Length]);

        Assert.Equal(Math.Log(10), loss, 12);
    }

    [Fact]
    public void Loss_LargeLogitsStayFinite()
    {
        float[] logits = [1000f, -1000f, 999f];
        int[] labels = [2];
        var gradient = new float[3];

        double loss = SoftmaxCrossEntropy.ComputeLossAndGradient(logits, labels, 3, gradient);

        // log(e^1000 + e^999 + e^-1000) - 999 = log(e + 1) up to e^-1999.
        Assert.Equal(Math.Log(Math.E + 1), loss, 10);
        Assert.All(gradient, value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public void Loss_GradientMatchesFiniteDifferences()
    {
        float[] logits = TestArrays.Uniform(4 * 10, 1, -3f, 3f);
        int[] labels = [0, 9, 4, 4];
        var gradient = new float[logits.Length];
        double Loss() => SoftmaxCrossEntropy.ComputeLossAndGradient(logits, labels, 10, new float[logits.Length]);

        SoftmaxCrossEntropy.ComputeLossAndGradient(logits, labels, 10, gradient);

        for (int i = 0; i < logits.Length; i++)
        {
            double numerical = TestArrays.CentralDifference(Loss, logits, i, 1e-3f);
            Assert.True(Math.Abs(numerical - gradient[i]) < 1e-4,
                $"Gradient of logit {i} is {gradient[i]}, finite differences give {numerical}.");
        }
    }

    [Fact]
    public void Softmax_RowsSumToOne()
    {
        float[] logits = TestArrays.Uniform(5 * 10, 2, -20f, 20f);
        var probabilities = new float[logits.Length];

        SoftmaxCrossEntropy.Softmax(logits, 10, probabilities);

        for (int row = 0; row < 5; row++)
        {
            double sum = probabilities.AsSpan(row * 10, 10).ToArray().Sum(value => (double)value);
            Assert.Equal(1.0, sum, 5);
        }
    }
}
