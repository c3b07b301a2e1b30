using PolicyEngine.Ml.Training;

namespace PolicyEngine.Ml.Tests.Training;

public sealed class AdamOptimizerTests
{
    [Fact]
    public void Step_MatchesAdamFormulaForTwoSteps()
    {
        // 11 values so that both the vector loop and the remainder run.
        float[] parameters = Enumerable.Range(0, 11).Select(i => 0.1f * i - 0.5f).ToArray();
        float[] expected = (float[])parameters.Clone();
        float[][] gradients =
        [
            Enumerable.Range(0, 11).Select(i => 0.3f - 0.05f * i).ToArray(),
            Enumerable.Range(0, 11).Select(i => 0.02f * i * i - 0.4f).ToArray(),
        ];
        var optimizer = new AdamOptimizer(parameters.Length, new AdamOptions());

        var m = new double[11];
        var v = new double[11];
        for (int t = 1; t <= 2; t++)
        {
            optimizer.Step(parameters, gradients[t - 1], threadCount: 2);
            for (int i = 0; i < 11; i++)
            {
                double g = gradients[t - 1][i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mHat = m[i] / (1 - Math.Pow(0.9, t));
                double vHat = v[i] / (1 - Math.Pow(0.999, t));
                expected[i] = (float)(expected[i] - 1e-3 * mHat / (Math.Sqrt(vHat) + 1e-8));
            }
        }

        Assert.Equal(2, optimizer.StepCount);
        for (int i = 0; i < 11; i++)
        {
            Assert.Equal(expected[i], parameters[i], 6);
        }
    }

    [Fact]
    public void Options_RejectBetaOfOne()
    {
        var options = new AdamOptions { Beta2 = 1f };

        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
    }
}
