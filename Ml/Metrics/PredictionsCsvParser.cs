using System.Globalization;
using PolicyEngine.Ml.Localization;

namespace PolicyEngine.Ml.Metrics;

/// <summary>
/// Checks the lines of a predictions file one at a time, so that <see cref="PredictionsCsv"/> can
/// stream it. Only parsed numbers are kept, and once a row is invalid none are kept, but every
/// later row is still checked so that the error can give the total count.
/// </summary>
internal sealed class PredictionsCsvParser
{
    private const int MaxProblemsPerRow = 3;
    private const int MaxQuotedLength = 40;

    private readonly string fileName;
    private readonly List<int> labels = [];
    private readonly List<double> probabilities = [];
    private readonly List<PredictionsCsvRowError> firstBadRows = [];
    private readonly List<int> pendingBlankLines = [];
    private int classCount;
    private int lineNumber;
    private int rowCount;
    private int badRowCount;

    public PredictionsCsvParser(string fileName)
    {
        this.fileName = fileName;
    }

    private const double SumSlack = 1e-12;

    /// <summary>Checks the header line, which is null when the file is empty.</summary>
    public void ReadHeader(string? header)
    {
        lineNumber = 1;
        if (header is null)
        {
            throw new PredictionsCsvException(
                fileName, MlText.Format("the file is empty. Expected a header such as \"{0}\", then one line per sample.", ExpectedHeader(2)));
        }

        string[] names = header.Split(',');
        int columnCount = Math.Max(names.Length, 3);
        if (names.Length < 3 || !HasExpectedNames(names))
        {
            throw new PredictionsCsvException(
                fileName,
                MlText.Format(
                    "line 1 is the header \"{0}\", but \"{1}\" was expected: a column named label, then one probability column p0, p1, … per class, for at least 2 classes.",
                    Quote(header), ExpectedHeader(columnCount - 1)));
        }

        classCount = names.Length - 1;
        if (classCount > PredictionsCsv.MaxClassCount)
        {
            throw new PredictionsCsvException(
                fileName,
                MlText.Format(
                    "the header has {0:N0} probability columns, more than the {1:N0} classes supported; check that the file has one column per class.",
                    classCount, PredictionsCsv.MaxClassCount));
        }
    }

    public void ReadRow(string line)
    {
        lineNumber++;
        if (string.IsNullOrWhiteSpace(line))
        {
            pendingBlankLines.Add(lineNumber);
            return;
        }

        foreach (int blankLine in pendingBlankLines)
        {
            rowCount++;
            Reject(blankLine, [MlText.Get("the line is empty")]);
        }

        pendingBlankLines.Clear();
        rowCount++;
        CheckRow(line);
    }

    /// <summary>Returns the table, or raises <see cref="PredictionsCsvException"/> when any row was invalid.</summary>
    public PredictionsTable Finish(string sha256)
    {
        if (badRowCount > 0)
        {
            throw new PredictionsCsvException(fileName, badRowCount, rowCount, firstBadRows, DescribeExpectedRow());
        }

        if (rowCount == 0)
        {
            throw new PredictionsCsvException(
                fileName, MlText.Get("the file has a header but no sample rows. Add one line per test sample."));
        }

        return new PredictionsTable
        {
            FileName = fileName,
            Sha256 = sha256,
            ClassCount = classCount,
            Labels = labels.ToArray(),
            Probabilities = probabilities.ToArray(),
        };
    }

    private void CheckRow(string line)
    {
        string[] fields = line.Split(',');
        if (fields.Length != classCount + 1)
        {
            Reject(lineNumber, [MlText.Format("the line has {0} columns, but the header has {1}", fields.Length, classCount + 1)]);
            return;
        }

        var problems = new List<string>();
        int label = ParseLabel(fields[0], problems);
        Span<double> row = classCount <= 256 ? stackalloc double[classCount] : new double[classCount];
        bool allFinite = ParseProbabilities(fields, row, problems);
        if (allFinite)
        {
            double sum = 0;
            foreach (double probability in row)
            {
                sum += probability;
            }

            // The slack keeps a sum written as exactly 1 ± 1e-6 inside, despite binary rounding.
            if (!(Math.Abs(sum - 1) <= PredictionsCsv.SumTolerance + SumSlack))
            {
                problems.Add(MlText.Format("the probabilities sum to {0:R}, not 1 within {1:R}", sum, PredictionsCsv.SumTolerance));
            }
        }

        if (problems.Count > 0)
        {
            Reject(lineNumber, problems);
            return;
        }

        if (badRowCount == 0)
        {
            labels.Add(label);
            foreach (double probability in row)
            {
                probabilities.Add(probability);
            }
        }
    }

    private int ParseLabel(string text, List<string> problems)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int label))
        {
            problems.Add(MlText.Format("the label \"{0}\" is not an integer", Quote(text)));
        }
        else if (label < 0 || label >= classCount)
        {
            problems.Add(MlText.Format("the label {0} is outside the classes 0 to {1}", label, classCount - 1));
        }

        return label;
    }

    /// <summary>Parses p0..pK-1 into <paramref name="row"/>, and returns whether all of them are finite numbers.</summary>
    private bool ParseProbabilities(string[] fields, Span<double> row, List<string> problems)
    {
        bool allFinite = true;
        for (int k = 0; k < classCount; k++)
        {
            string text = fields[k + 1];
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                problems.Add(MlText.Format("p{0} \"{1}\" is not a number", k, Quote(text)));
                allFinite = false;
            }
            else if (!double.IsFinite(value))
            {
                problems.Add(MlText.Format("p{0} \"{1}\" is not a finite number", k, Quote(text)));
                allFinite = false;
            }
            else if (value < 0 || value > 1)
            {
                problems.Add(MlText.Format("p{0} = {1} is outside [0, 1]", k, Quote(text)));
            }

            row[k] = value;
        }

        return allFinite;
    }

    private void Reject(int line, List<string> problems)
    {
        badRowCount++;
        labels.Clear();
        probabilities.Clear();
        if (firstBadRows.Count >= PredictionsCsvException.MaxListedRows)
        {
            return;
        }

        string problem = string.Join(", ", problems.Take(MaxProblemsPerRow));
        if (problems.Count > MaxProblemsPerRow)
        {
            problem += MlText.Format(", and {0} more problems", problems.Count - MaxProblemsPerRow);
        }

        firstBadRows.Add(new PredictionsCsvRowError(line, problem));
    }

    private static bool HasExpectedNames(string[] names)
    {
        if (names[0].Trim() != "label")
        {
            return false;
        }

        for (int k = 0; k < names.Length - 1; k++)
        {
            if (names[k + 1].Trim() != Format($"p{k}"))
            {
                return false;
            }
        }

        return true;
    }

    private string DescribeExpectedRow() => MlText.Format(
        "Each line after the header must hold an integer label from 0 to {0}, then {1} probabilities in [0, 1] "
        + "that sum to 1 within {2:R}, separated by commas, with '.' as the decimal point.",
        classCount - 1, classCount, PredictionsCsv.SumTolerance);

    private static string ExpectedHeader(int classCount) =>
        "label," + string.Join(",", Enumerable.Range(0, classCount).Select(k => Format($"p{k}")));

    /// <summary>Shortens text from the file for a message, so one huge field cannot flood it.</summary>
    private static string Quote(string text)
    {
        string trimmed = text.Trim();
        return trimmed.Length <= MaxQuotedLength ? trimmed : trimmed[..MaxQuotedLength] + "…";
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
