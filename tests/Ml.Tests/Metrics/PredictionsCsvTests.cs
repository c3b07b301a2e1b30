using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PolicyEngine.Ml.Metrics;

namespace PolicyEngine.Ml.Tests.Metrics;

public sealed class PredictionsCsvTests
{
    private static PredictionsTable Read(string text) =>
        PredictionsCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "predictions.csv");

    private static PredictionsCsvException Reject(string text) =>
        Assert.Throws<PredictionsCsvException>(() => Read(text));

    [Fact]
    public void Read_WorkedExample_ParsesRows()
    {
        PredictionsTable table = Read(WorkedExample.Csv);

        Assert.Equal(2, table.ClassCount);
        Assert.Equal(5, table.SampleCount);
        Assert.Equal(WorkedExample.Labels, table.Labels);
        Assert.Equal(WorkedExample.Probabilities, table.Probabilities);
        Assert.Equal("predictions.csv", table.FileName);
    }

    [Fact]
    public void Read_WorkedExample_MatchesDirectMetrics()
    {
        ClassificationMetrics direct = MetricsCalculator.Compute<double>(
            WorkedExample.Probabilities, WorkedExample.ClassCount, WorkedExample.Labels);

        ClassificationMetrics fromCsv = Read(WorkedExample.Csv).ComputeMetrics();

        Assert.Equal(direct.CrossEntropy, fromCsv.CrossEntropy);
        Assert.Equal(direct.Noise, fromCsv.Noise);
        Assert.Equal(direct.NoiseRatio, fromCsv.NoiseRatio);
        Assert.Equal(direct.Ece, fromCsv.Ece);
        Assert.Equal(direct.Brier, fromCsv.Brier);
    }

    [Fact]
    public void RoundTrip_RandomThreeClasses_GivesSameMetrics()
    {
        var random = new Random(3);
        int[] labels = Enumerable.Range(0, 400).Select(_ => random.Next(3)).ToArray();
        double[] logits = Enumerable.Range(0, 400 * 3).Select(_ => random.NextDouble() * 8 - 4).ToArray();
        double[] probabilities = new double[logits.Length];
        Softmax.FromLogitRows<double>(logits, 3, probabilities);

        var csv = new StringBuilder("label,p0,p1,p2\n");
        for (int i = 0; i < labels.Length; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{labels[i]},{probabilities[3 * i]:R},{probabilities[3 * i + 1]:R},{probabilities[3 * i + 2]:R}\n");
        }

        ClassificationMetrics direct = MetricsCalculator.Compute<double>(probabilities, 3, labels);
        ClassificationMetrics fromCsv = Read(csv.ToString()).ComputeMetrics();

        Assert.Equal(direct.Accuracy, fromCsv.Accuracy);
        Assert.Equal(direct.CrossEntropy, fromCsv.CrossEntropy);
        Assert.Equal(direct.Gap, fromCsv.Gap);
        Assert.Equal(direct.Noise, fromCsv.Noise);
        Assert.Equal(direct.Ece, fromCsv.Ece);
        Assert.Equal(direct.ConfusionMatrix[2], fromCsv.ConfusionMatrix[2]);
    }

    [Fact]
    public void Read_Sha256_IsHashOfFileBytes()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(WorkedExample.Csv);

        PredictionsTable table = PredictionsCsv.Read(new MemoryStream(bytes), "predictions.csv");

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), table.Sha256);
    }

    [Fact]
    public void Read_CrlfLineEnds_AreAccepted()
    {
        PredictionsTable table = Read(WorkedExample.Csv.Replace("\n", "\r\n"));

        Assert.Equal(5, table.SampleCount);
        Assert.Equal(WorkedExample.Probabilities, table.Probabilities);
    }

    [Fact]
    public void Read_NoTrailingNewline_IsAccepted()
    {
        PredictionsTable table = Read(WorkedExample.Csv.TrimEnd('\n'));

        Assert.Equal(5, table.SampleCount);
    }

    [Fact]
    public void Read_TrailingBlankLines_AreIgnored()
    {
        PredictionsTable table = Read(WorkedExample.Csv + "\n\r\n");

        Assert.Equal(5, table.SampleCount);
    }

    [Fact]
    public void Read_ByteOrderMark_IsAccepted()
    {
        byte[] bytes = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(WorkedExample.Csv)];

        PredictionsTable table = PredictionsCsv.Read(new MemoryStream(bytes), "predictions.csv");

        Assert.Equal(5, table.SampleCount);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), table.Sha256);
    }

    [Fact]
    public void Read_GermanCurrentCulture_StillParsesInvariant()
    {
        CultureInfo original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            PredictionsTable table = Read(WorkedExample.Csv);

            Assert.Equal(0.8, table.Probabilities[0]);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void Read_SumWithinTolerance_IsAccepted()
    {
        PredictionsTable table = Read("label,p0,p1\n0,0.5,0.5000009\n1,0.4999991,0.5\n");

        Assert.Equal(2, table.SampleCount);
    }

    [Fact]
    public void Read_EmptyFile_IsRejected()
    {
        PredictionsCsvException error = Reject("");

        Assert.Contains("'predictions.csv'", error.Message);
        Assert.Contains("the file is empty", error.Message);
        Assert.Contains("\"label,p0,p1\"", error.Message);
    }

    [Fact]
    public void Read_HeaderOnly_IsRejected()
    {
        PredictionsCsvException error = Reject("label,p0,p1\n");

        Assert.Contains("a header but no sample rows", error.Message);
        Assert.Equal(0, error.BadRowCount);
    }

    [Fact]
    public void Read_WrongHeader_NamesExpectedHeader()
    {
        PredictionsCsvException error = Reject("label,prob0,prob1,prob2\n0,1,0,0\n");

        Assert.Contains("line 1 is the header \"label,prob0,prob1,prob2\"", error.Message);
        Assert.Contains("\"label,p0,p1,p2\" was expected", error.Message);
    }

    [Fact]
    public void Read_HeaderWithOneClass_IsRejected()
    {
        PredictionsCsvException error = Reject("label,p0\n0,1\n");

        Assert.Contains("\"label,p0,p1\" was expected", error.Message);
    }

    [Fact]
    public void Read_HeaderCaseDiffers_IsRejected()
    {
        PredictionsCsvException error = Reject("Label,P0,P1\n0,1,0\n");

        Assert.Contains("\"label,p0,p1\" was expected", error.Message);
    }

    [Fact]
    public void Read_WrongColumnCount_NamesLine()
    {
        PredictionsCsvException error = Reject("label,p0,p1\n0,0.5,0.5\n1,0.5\n");

        Assert.Equal(1, error.BadRowCount);
        Assert.Equal(3, error.FirstBadRows[0].Line);
        Assert.Contains("has 2 columns, but the header has 3", error.FirstBadRows[0].Problem);
        Assert.Contains("1 of its 2 sample rows is invalid. Invalid rows:", error.Message);
        Assert.Contains("line 3:", error.Message);
    }

    [Fact]
    public void Read_DecimalComma_IsWrongColumnCount()
    {
        PredictionsCsvException error = Reject("label,p0,p1\n0,0,8,0,2\n");

        Assert.Contains("has 5 columns", error.FirstBadRows[0].Problem);
    }

    [Theory]
    [InlineData("x", "the label \"x\" is not an integer")]
    [InlineData("1.0", "the label \"1.0\" is not an integer")]
    [InlineData("2", "the label 2 is outside the classes 0 to 1")]
    [InlineData("-1", "the label -1 is outside the classes 0 to 1")]
    public void Read_BadLabel_IsRejected(string label, string problem)
    {
        PredictionsCsvException error = Reject($"label,p0,p1\n{label},0.5,0.5\n");

        Assert.Equal(2, error.FirstBadRows[0].Line);
        Assert.Equal(problem, error.FirstBadRows[0].Problem);
    }

    [Theory]
    [InlineData("abc", "p1 \"abc\" is not a number")]
    [InlineData("", "p1 \"\" is not a number")]
    [InlineData("NaN", "p1 \"NaN\" is not a finite number")]
    [InlineData("Infinity", "p1 \"Infinity\" is not a finite number")]
    [InlineData("-Infinity", "p1 \"-Infinity\" is not a finite number")]
    [InlineData("1e400", "p1 \"1e400\" is not a finite number")]
    public void Read_ProbabilityNotFiniteNumber_IsRejected(string value, string problem)
    {
        PredictionsCsvException error = Reject($"label,p0,p1\n0,0.5,{value}\n");

        Assert.Equal(problem, error.FirstBadRows[0].Problem);
    }

    [Fact]
    public void Read_ProbabilityOutsideUnitInterval_IsRejected()
    {
        // The row sums to 1, so the range is the only problem.
        PredictionsCsvException error = Reject("label,p0,p1\n0,1.1,-0.1\n");

        Assert.Equal("p0 = 1.1 is outside [0, 1], p1 = -0.1 is outside [0, 1]", error.FirstBadRows[0].Problem);
    }

    [Fact]
    public void Read_SumNotOne_IsRejected()
    {
        PredictionsCsvException error = Reject("label,p0,p1\n0,0.5,0.4\n");

        Assert.Equal("the probabilities sum to 0.9, not 1 within 1E-06", error.FirstBadRows[0].Problem);
    }

    [Fact]
    public void Read_BlankLineBetweenRows_IsRejected()
    {
        PredictionsCsvException error = Reject("label,p0,p1\n0,0.5,0.5\n\n1,0.5,0.5\n");

        Assert.Equal(3, error.FirstBadRows[0].Line);
        Assert.Equal("the line is empty", error.FirstBadRows[0].Problem);
    }

    [Fact]
    public void Read_SeveralProblemsInRow_ListsThem()
    {
        PredictionsCsvException error = Reject("label,p0,p1\n5,0.2,0.3\n");

        Assert.Equal(
            "the label 5 is outside the classes 0 to 1, the probabilities sum to 0.5, not 1 within 1E-06",
            error.FirstBadRows[0].Problem);
    }

    [Fact]
    public void Read_ManyBadRows_ListsFirstFive()
    {
        var csv = new StringBuilder("label,p0,p1\n");
        for (int i = 0; i < 20; i++)
        {
            // Rows 0, 3, 6, … 18 (7 rows, on lines 2, 5, 8, … 20) have an invalid label.
            csv.Append(i % 3 == 0 ? "9,0.5,0.5\n" : "0,0.5,0.5\n");
        }

        PredictionsCsvException error = Reject(csv.ToString());

        Assert.Equal(7, error.BadRowCount);
        Assert.Equal([2, 5, 8, 11, 14], error.FirstBadRows.Select(row => row.Line));
        Assert.Contains("7 of its 20 sample rows are invalid", error.Message);
        Assert.Contains("The first 5 invalid rows:", error.Message);
        Assert.Contains("line 14: the label 9", error.Message);
        Assert.DoesNotContain("line 17", error.Message);
        Assert.Contains("integer label from 0 to 1, then 2 probabilities", error.Message);
    }

    [Fact]
    public void Read_LongField_IsShortenedInMessage()
    {
        string longText = new('x', 500);

        PredictionsCsvException error = Reject($"label,p0,p1\n0,0.5,{longText}\n");

        Assert.True(error.Message.Length < 700, $"message length {error.Message.Length}");
        Assert.Contains("…", error.FirstBadRows[0].Problem);
    }

    [Fact]
    public async Task ReadAsync_WorkedExample_MatchesRead()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(WorkedExample.Csv);

        PredictionsTable table = await PredictionsCsv.ReadAsync(new MemoryStream(bytes), "predictions.csv");

        Assert.Equal(WorkedExample.Probabilities, table.Probabilities);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), table.Sha256);
    }

    [Fact]
    public void Read_Path_UsesFileName()
    {
        string folder = Directory.CreateTempSubdirectory("policyengine-csv-").FullName;
        try
        {
            string path = Path.Combine(folder, "model-a.csv");
            File.WriteAllText(path, WorkedExample.Csv);

            PredictionsTable table = PredictionsCsv.Read(path);

            Assert.Equal("model-a.csv", table.FileName);
            Assert.Equal(5, table.SampleCount);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
