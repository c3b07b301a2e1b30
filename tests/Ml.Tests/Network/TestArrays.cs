using PolicyEngine.Ml.Network;

namespace PolicyEngine.Ml.Tests.Network;

/// <summary>Random test inputs and plain reference implementations to compare against.</summary>
internal static class TestArrays
{
    public static float[] Uniform(int length, ulong seed, float low = -1f, float high = 1f)
    {
        var random = new Xoshiro256StarStar(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextUniform(low, high);
        }

        return values;
    }

    /// <summary>Computes C = alpha op(A) op(B) + beta C with a triple loop in double.</summary>
    public static double[] NaiveGemm(
        bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        var result = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double aValue = transA ? a[p * lda + i] : a[i * lda + p];
                    double bValue = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += aValue * bValue;
                }

                double previous = beta == 0f ? 0 : beta * (double)c[i * ldc + j];
                result[i * n + j] = alpha * sum + previous;
            }
        }

        return result;
    }

    /// <summary>
    /// Computes a stride-1, unpadded convolution directly, on channel-major input
    /// [channel, image, row, column], giving channel-major output.
    /// </summary>
    public static double[] NaiveConvolution(
        int inputChannels, int outputChannels, int batch, int height, int width, int kernel,
        float[] input, float[] weights, float[] bias)
    {
        int outputHeight = height - kernel + 1;
        int outputWidth = width - kernel + 1;
        var output = new double[outputChannels * batch * outputHeight * outputWidth];
        for (int o = 0; o < outputChannels; o++)
        {
            for (int image = 0; image < batch; image++)
            {
                for (int y = 0; y < outputHeight; y++)
                {
                    for (int x = 0; x < outputWidth; x++)
                    {
                        double sum = bias[o];
                        for (int c = 0; c < inputChannels; c++)
                        {
                            for (int ky = 0; ky < kernel; ky++)
                            {
                                for (int kx = 0; kx < kernel; kx++)
                                {
                                    double pixel = input[((c * batch + image) * height + y + ky) * width + x + kx];
                                    double weight = weights[((o * inputChannels + c) * kernel + ky) * kernel + kx];
                                    sum += pixel * weight;
                                }
                            }
                        }

                        output[((o * batch + image) * outputHeight + y) * outputWidth + x] = sum;
                    }
                }
            }
        }

        return output;
    }

    /// <summary>
    /// Returns the central difference (f(x + h) - f(x - h)) / 2h with respect to
    /// <paramref name="values"/>[<paramref name="index"/>], restoring the value afterwards.
    /// </summary>
    public static double CentralDifference(Func<double> function, float[] values, int index, float step)
    {
        float original = values[index];
        values[index] = original + step;
        double plus = function();
        values[index] = original - step;
        double minus = function();
        values[index] = original;
        return (plus - minus) / (2.0 * step);
    }

    /// <summary>Returns the sum of weights[i] * values[i] in double, a scalar whose gradient with respect to values is weights.</summary>
    public static double WeightedSum(ReadOnlySpan<float> values, ReadOnlySpan<float> weights)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += (double)values[i] * weights[i];
        }

        return sum;
    }
}
