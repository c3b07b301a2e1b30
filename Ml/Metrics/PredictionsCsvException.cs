using System.Text;
using PolicyEngine.Ml.Localization;

namespace PolicyEngine.Ml.Metrics;

/// <summary>
/// Thrown when a predictions CSV file is rejected. The whole file is rejected, and the message
/// names the file, the first invalid lines with what is wrong on each, and the total count.
/// </summary>
public sealed class PredictionsCsvException : Exception
{
    /// <summary>Maximum number of invalid lines that the message and <see cref="FirstBadRows"/> list.</summary>
    public const int MaxListedRows = 5;

    /// <summary>Creates an exception for a file-level problem, such as an empty file or a wrong header.</summary>
    public PredictionsCsvException(string fileName, string message)
        : base(MlText.Format("The predictions file '{0}' was rejected: {1}", fileName, message))
    {
        FileName = fileName;
        FirstBadRows = [];
    }

    /// <summary>Creates an exception for invalid sample rows.</summary>
    public PredictionsCsvException(
        string fileName,
        int badRowCount,
        int rowCount,
        IReadOnlyList<PredictionsCsvRowError> firstBadRows,
        string expectedRow)
        : base(FormatRowsMessage(fileName, badRowCount, rowCount, firstBadRows, expectedRow))
    {
        FileName = fileName;
        BadRowCount = badRowCount;
        FirstBadRows = firstBadRows;
    }

    /// <summary>Name of the rejected file, as the caller gave it.</summary>
    public string FileName { get; }

    /// <summary>Number of invalid sample rows in the whole file, or 0 for a file-level problem.</summary>
    public int BadRowCount { get; }

    /// <summary>The first invalid rows in file order, at most <see cref="MaxListedRows"/>.</summary>
    public IReadOnlyList<PredictionsCsvRowError> FirstBadRows { get; }

    private static string FormatRowsMessage(
        string fileName,
        int badRowCount,
        int rowCount,
        IReadOnlyList<PredictionsCsvRowError> firstBadRows,
        string expectedRow)
    {
        var message = new StringBuilder();
        message.Append(badRowCount == 1
            ? MlText.Format("{0} of its {1} sample rows is invalid.", badRowCount, rowCount)
            : MlText.Format("{0} of its {1} sample rows are invalid.", badRowCount, rowCount));
        message.Append(' ');
        message.Append(badRowCount > firstBadRows.Count
            ? MlText.Format("The first {0} invalid rows:", firstBadRows.Count)
            : MlText.Get("Invalid rows:"));
        foreach (PredictionsCsvRowError row in firstBadRows)
        {
            message.Append(Environment.NewLine).Append("  ").Append(MlText.Format("line {0}: {1}", row.Line, row.Problem));
        }

        message.Append(Environment.NewLine);
        message.Append(expectedRow);
        return MlText.Format("The predictions file '{0}' was rejected: {1}", fileName, message.ToString());
    }
}

/// <summary>An invalid line of a predictions file, numbered from 1 with the header as line 1.</summary>
public sealed record PredictionsCsvRowError(int Line, string Problem);
