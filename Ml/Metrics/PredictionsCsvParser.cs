using System.Globalization;

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
                fileName, $"the file is empty. Expected a header such as \"{ExpectedHeader(2)}\", then one line per sample.");
        }

        string[] names = header.Split(',');
        int columnCount = Math.Max(names.Length, 3);
        if (names.Length < 3 || !HasExpectedNames(names))
        {
            throw new PredictionsCsvException(
                fileName,
                $"line 1 is the header \"{Quote(header)}\", but \"{ExpectedHeader(columnCount - 1)}\" was expected: " +
                "a column named label, then one probability column p0, p1, … per class, for at least 2 classes.");
        }

        classCount = names.Length - 1;
        if (classCount > PredictionsCsv.MaxClassCount)
        {
            throw new PredictionsCsvException(
                fileName,
                $"the header has {classCount:N0} probability columns, more than the {PredictionsCsv.MaxClassCount:N0} classes supported; "
                + "check that the file has one column per class.");
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
            Reject(blankLine, ["the line is empty"]);
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
                fileName, "the file has a header but no sample rows. Add one line per test sample.");
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
            Reject(lineNumber, [$"the line has {fields.Length} columns, but the header has {classCount + 1}"]);
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
                problems.Add(Format($"the probabilities sum to {sum:R}, not 1 within {PredictionsCsv.SumTolerance:R}"));
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
            problems.Add($"the label \"{Quote(text)}\" is not an integer");
        }
        else if (label < 0 || label >= classCount)
        {
            problems.Add(Format($"the label {label} is outside the classes 0 to {classCount - 1}"));
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
                problems.Add($"p{k} \"{Quote(text)}\" is not a number");
                allFinite = false;
            }
            else if (!double.IsFinite(value))
            {
                problems.Add($"p{k} \"{Quote(text)}\" is not a finite number");
                allFinite = false;
            }
            else if (value < 0 || value > 1)
            {
                problems.Add($"p{k} = {Quote(text)} is outside [0, 1]");
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
            problem += Format($", and {problems.Count - MaxProblemsPerRow} more problems");
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

    private string DescribeExpectedRow() =>
        Format($"Each line after the header must hold an integer label from 0 to {classCount - 1}, then ") +
        Format($"{classCount} probabilities in [0, 1] that sum to 1 within {PredictionsCsv.SumTolerance:R}, ") +
        "separated by commas, with '.' as the decimal point.";

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
