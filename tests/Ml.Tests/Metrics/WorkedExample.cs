namespace PolicyEngine.Ml.Tests.Metrics;

/// <summary>
/// The worked binary example of docs/metrics.md: y = [0, 1, 0, 1, 0] and the predicted
/// probability of class 1, yhat = [0.2, 0.8, 0.3, 0.7, 0.4], as rows [1 − yhat, yhat].
/// </summary>
internal static class WorkedExample
{
    public const int ClassCount = 2;

    public static int[] Labels => [0, 1, 0, 1, 0];

    public static double[] Probabilities =>
    [
        0.8, 0.2,
        0.2, 0.8,
        0.7, 0.3,
        0.3, 0.7,
        0.6, 0.4,
    ];

    /// <summary>The example as a predictions CSV file, with LF line endings and a final newline.</summary>
    public const string Csv = "label,p0,p1\n0,0.8,0.2\n1,0.2,0.8\n0,0.7,0.3\n1,0.3,0.7\n0,0.6,0.4\n";
}
