namespace PolicyEngine.Ml.Network;

/// <summary>
/// Softmax and mean cross-entropy over rows of logits, through log-softmax with the row
/// maximum subtracted so that exp cannot overflow for finite logits. Row sums are taken in double.
/// </summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Returns the mean over rows of -log softmax(z)[label] and writes its gradient with
    /// respect to the logits, (softmax(z) - onehot(label)) / rows.
    /// </summary>
    public static double ComputeLossAndGradient(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<int> labels,
        int classes,
        Span<float> logitGradient)
    {
        int rows = labels.Length;
        double totalLoss = 0;
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<float> z = logits.Slice(row * classes, classes);
            double logSumExp = LogSumExp(z);
            int label = labels[row];
            totalLoss += logSumExp - z[label];

            Span<float> gradient = logitGradient.Slice(row * classes, classes);
            for (int j = 0; j < classes; j++)
            {
                double probability = Math.Exp(z[j] - logSumExp);
                double target = j == label ? 1 : 0;
                gradient[j] = (float)((probability - target) / rows);
            }
        }

        return totalLoss / rows;
    }

    /// <summary>Writes softmax(z) for each row of <paramref name="logits"/>.</summary>
    public static void Softmax(ReadOnlySpan<float> logits, int classes, Span<float> probabilities)
    {
        for (int start = 0; start < logits.Length; start += classes)
        {
            ReadOnlySpan<float> z = logits.Slice(start, classes);
            double logSumExp = LogSumExp(z);
            for (int j = 0; j < classes; j++)
            {
                probabilities[start + j] = (float)Math.Exp(z[j] - logSumExp);
            }
        }
    }

    private static double LogSumExp(ReadOnlySpan<float> z)
    {
        double max = double.NegativeInfinity;
        foreach (float value in z)
        {
            max = Math.Max(max, value);
        }

        double sum = 0;
        foreach (float value in z)
        {
            sum += Math.Exp(value - max);
        }

        return max + Math.Log(sum);
    }
}
