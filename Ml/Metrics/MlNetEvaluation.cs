using Microsoft.ML;
using Microsoft.ML.Data;

namespace PolicyEngine.Ml.Metrics;

/// <summary>
/// Runs ML.NET's multiclass evaluator on the same probabilities that <see cref="MetricsCalculator"/>
/// reads, so that the two can be checked against each other.
/// </summary>
/// <remarks>
/// What ML.NET's evaluator computes, from src/Microsoft.ML.Data/Evaluators/
/// MulticlassClassificationEvaluator.cs in dotnet/machinelearning (MlNetAgreementTests check the
/// parts used here against the 6.0.0 package): the assigned class comes from a stable descending sort of the scores, so ties go to the lowest
/// index as in <see cref="MetricsCalculator.Argmax{T}"/>, and the PredictedLabel column is not
/// read. Log-loss is −ln(min(1, max(1e-15f, score[label]))), with the clamp in float, where
/// <see cref="MetricsCalculator"/> clamps at 1e-12 in double. The two agree unless a true-class
/// probability is below 1e-12. Per-class log-loss is the mean over that class's samples, and 0 for
/// a class without samples. The confusion matrix has true classes as rows. Rows with NaN or
/// infinite scores are skipped, whereas <see cref="MetricsCalculator"/> rejects the whole input.
/// </remarks>
public static class MlNetEvaluation
{
    public const string LabelColumn = "Label";
    public const string ScoreColumn = "Score";
    public const string PredictedLabelColumn = "PredictedLabel";

    /// <summary>
    /// Evaluates N rows of <paramref name="classCount"/> probabilities, in row-major order, against
    /// <paramref name="labels"/> in 0..K-1.
    /// </summary>
    public static MulticlassClassificationMetrics Evaluate(
        ReadOnlySpan<float> probabilities, int classCount, ReadOnlySpan<int> labels)
    {
        var context = new MLContext(seed: 0);
        IDataView scored = CreateScoredData(context, probabilities, classCount, labels);
        return context.MulticlassClassification.Evaluate(scored, LabelColumn, ScoreColumn, PredictedLabelColumn);
    }

    /// <summary>
    /// Evaluates double probabilities after rounding them to float, the only score type that
    /// ML.NET's evaluator accepts.
    /// </summary>
    public static MulticlassClassificationMetrics Evaluate(
        ReadOnlySpan<double> probabilities, int classCount, ReadOnlySpan<int> labels)
    {
        var rounded = new float[probabilities.Length];
        for (int i = 0; i < probabilities.Length; i++)
        {
            rounded[i] = (float)probabilities[i];
        }

        return Evaluate(rounded, classCount, labels);
    }

    /// <summary>
    /// Builds the scored data view that the evaluator reads: Label and PredictedLabel as key
    /// columns of <paramref name="classCount"/> values, and Score as a vector of that many floats.
    /// </summary>
    public static IDataView CreateScoredData(
        MLContext context, ReadOnlySpan<float> probabilities, int classCount, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if ((long)labels.Length * classCount != probabilities.Length)
        {
            throw new ArgumentException(
                $"The probability matrix has {probabilities.Length} values, but {labels.Length} labels " +
                $"and {classCount} classes need {(long)labels.Length * classCount}.",
                nameof(probabilities));
        }

        var rows = new ScoredRow[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || labels[i] >= classCount)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(labels), labels[i], $"Label {i} is outside the classes 0 to {classCount - 1}.");
            }

            ReadOnlySpan<float> row = probabilities.Slice(i * classCount, classCount);
            rows[i] = new ScoredRow
            {
                // ML.NET 6.0.0 reads a key-typed member as the 0-based class k and stores key k + 1,
                // because key 0 means missing. Passing k + 1 here would shift every label by one.
                Label = (uint)labels[i],
                Score = row.ToArray(),
                PredictedLabel = (uint)MetricsCalculator.Argmax(row),
            };
        }

        SchemaDefinition schema = SchemaDefinition.Create(typeof(ScoredRow));
        schema[nameof(ScoredRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), classCount);
        schema[nameof(ScoredRow.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classCount);
        schema[nameof(ScoredRow.PredictedLabel)].ColumnType = new KeyDataViewType(typeof(uint), classCount);
        return context.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>One row of the scored data view. The property names are the column names.</summary>
    public sealed class ScoredRow
    {
        public uint Label { get; set; }

        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }
}
