using System.Numerics;
using PolicyEngine.Ml.Blas;

namespace PolicyEngine.Ml.Training;

/// <summary>
/// Adam as torch.optim.Adam computes it without weight decay or AMSGrad:
/// m = lerp(m, g, 1 - beta1), v = beta2 v + (1 - beta2) g^2,
/// p -= (lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
/// </summary>
/// <remarks>
/// The update is element-wise in single precision, so splitting it over threads never changes
/// the result. Step-size scalars are computed in double and rounded once.
/// </remarks>
internal sealed class AdamOptimizer
{
    // Below this many parameters per thread, starting a parallel loop costs more than it saves.
    private const int MinimumChunkLength = 32_768;

    private readonly AdamOptions options;
    private readonly float[] firstMoment;
    private readonly float[] secondMoment;

    public AdamOptimizer(int parameterCount, AdamOptions options)
    {
        options.Validate();
        this.options = options;
        firstMoment = new float[parameterCount];
        secondMoment = new float[parameterCount];
    }

    /// <summary>Number of updates applied so far, t in the bias corrections.</summary>
    public int StepCount { get; private set; }

    /// <summary>Applies one update to <paramref name="parameters"/> from <paramref name="gradients"/>.</summary>
    public void Step(float[] parameters, float[] gradients, int threadCount)
    {
        StepCount++;
        double biasCorrection1 = 1 - Math.Pow(options.Beta1, StepCount);
        double biasCorrection2 = 1 - Math.Pow(options.Beta2, StepCount);
        var step = new StepScalars(
            OneMinusBeta1: (float)(1 - (double)options.Beta1),
            Beta2: options.Beta2,
            OneMinusBeta2: (float)(1 - (double)options.Beta2),
            StepSize: (float)(options.LearningRate / biasCorrection1),
            BiasCorrection2Sqrt: (float)Math.Sqrt(biasCorrection2),
            Epsilon: options.Epsilon);

        ParallelChunks.For(parameters.Length, threadCount, (start, end) =>
        {
            UpdateRange(step, parameters.AsSpan(start..end), gradients.AsSpan(start..end),
                firstMoment.AsSpan(start..end), secondMoment.AsSpan(start..end));
        }, MinimumChunkLength);
    }

    private static void UpdateRange(StepScalars step, Span<float> parameters, ReadOnlySpan<float> gradients,
        Span<float> firstMoment, Span<float> secondMoment)
    {
        int width = Vector<float>.Count;
        int i = 0;
        for (; i + width <= parameters.Length; i += width)
        {
            var g = new Vector<float>(gradients.Slice(i, width));
            var m = new Vector<float>(firstMoment.Slice(i, width));
            var v = new Vector<float>(secondMoment.Slice(i, width));
            var p = new Vector<float>(parameters.Slice(i, width));
            m += step.OneMinusBeta1 * (g - m);
            v = step.Beta2 * v + step.OneMinusBeta2 * g * g;
            Vector<float> denominator = Vector.SquareRoot(v) / new Vector<float>(step.BiasCorrection2Sqrt)
                + new Vector<float>(step.Epsilon);
            p -= step.StepSize * (m / denominator);
            m.CopyTo(firstMoment.Slice(i, width));
            v.CopyTo(secondMoment.Slice(i, width));
            p.CopyTo(parameters.Slice(i, width));
        }

        for (; i < parameters.Length; i++)
        {
            float g = gradients[i];
            float m = firstMoment[i] + step.OneMinusBeta1 * (g - firstMoment[i]);
            float v = step.Beta2 * secondMoment[i] + step.OneMinusBeta2 * g * g;
            float denominator = MathF.Sqrt(v) / step.BiasCorrection2Sqrt + step.Epsilon;
            firstMoment[i] = m;
            secondMoment[i] = v;
            parameters[i] -= step.StepSize * (m / denominator);
        }
    }

    private readonly record struct StepScalars(
        float OneMinusBeta1,
        float Beta2,
        float OneMinusBeta2,
        float StepSize,
        float BiasCorrection2Sqrt,
        float Epsilon);
}
