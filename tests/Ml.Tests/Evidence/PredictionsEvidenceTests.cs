using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PolicyEngine.Ml.Evidence;
using PolicyEngine.Ml.Metrics;
using PolicyEngine.Ml.Tests.Metrics;

namespace PolicyEngine.Ml.Tests.Evidence;

public sealed class PredictionsEvidenceTests
{
    private static readonly DateTimeOffset FixedStart = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static MemoryStream WorkedExampleStream() => new(Encoding.UTF8.GetBytes(WorkedExample.Csv));

    [Fact]
    public void FromStream_WorkedExample_HasDirectMetrics()
    {
        ClassificationMetrics direct = MetricsCalculator.Compute<double>(
            WorkedExample.Probabilities, WorkedExample.ClassCount, WorkedExample.Labels);

        EvidenceRecord record = PredictionsEvidence.FromStream(WorkedExampleStream(), "upload.csv");

        Assert.Equal(1, record.SchemaVersion);
        Assert.Equal(direct.Accuracy, record.Metrics.Accuracy);
        Assert.Equal(direct.AccuracyLower95, record.Metrics.AccuracyLower95);
        Assert.Equal(direct.CrossEntropy, record.Metrics.CrossEntropy);
        Assert.Equal(direct.NoiseRatio, record.Metrics.NoiseRatio);
        Assert.Equal(direct.Ece, record.Metrics.Ece);
        Assert.Null(record.Baseline);
    }

    [Fact]
    public void FromStream_WorkedExample_FillsProvenance()
    {
        EvidenceRecord record = PredictionsEvidence.FromStream(
            WorkedExampleStream(), "upload.csv", dataset: "worked example", clock: new FixedClock(FixedStart));
        EvidenceProvenance provenance = record.Provenance!;

        Assert.Equal("evaluate-predictions", provenance.Source);
        Assert.Equal("worked example", provenance.Dataset);
        Assert.Equal("upload.csv", provenance.DataFiles![0].Name);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(WorkedExample.Csv))), provenance.DataFiles[0].Sha256);
        Assert.Equal(5, provenance.TestSamples);
        Assert.Equal(FixedStart, provenance.StartedAt);
        Assert.True(provenance.DurationSeconds >= 0);
        Assert.Equal(Environment.ProcessorCount, provenance.CoreCount);
        Assert.Equal(RuntimeVersions.Dotnet, provenance.DotnetVersion);
        Assert.True(provenance.Libraries!.ContainsKey("Microsoft.ML"));
    }

    [Fact]
    public void FromStream_Json_HasNoTrainingFields()
    {
        EvidenceRecord record = PredictionsEvidence.FromStream(WorkedExampleStream(), "upload.csv");

        using JsonDocument document = JsonDocument.Parse(EvidenceJson.Serialize(record));
        JsonElement provenance = document.RootElement.GetProperty("provenance");

        Assert.False(provenance.TryGetProperty("weightsSha256", out _));
        Assert.False(provenance.TryGetProperty("seed", out _));
        Assert.False(provenance.TryGetProperty("architecture", out _));
        Assert.False(provenance.TryGetProperty("trainSamples", out _));
        Assert.False(provenance.TryGetProperty("dataset", out _));
    }

    [Fact]
    public async Task FromStreamAsync_WorkedExample_MatchesSync()
    {
        EvidenceRecord expected = PredictionsEvidence.FromStream(WorkedExampleStream(), "upload.csv");

        EvidenceRecord record = await PredictionsEvidence.FromStreamAsync(WorkedExampleStream(), "upload.csv");

        Assert.Equal(expected.Metrics.CrossEntropy, record.Metrics.CrossEntropy);
        Assert.Equal(expected.Provenance!.DataFiles![0].Sha256, record.Provenance!.DataFiles![0].Sha256);
    }

    [Fact]
    public void FromFile_WorkedExample_UsesFileName()
    {
        string folder = Directory.CreateTempSubdirectory("policyengine-evidence-").FullName;
        try
        {
            string path = Path.Combine(folder, "predictions.csv");
            File.WriteAllText(path, WorkedExample.Csv);

            EvidenceRecord record = PredictionsEvidence.FromFile(path);

            Assert.Equal("predictions.csv", record.Provenance!.DataFiles![0].Name);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), record.Provenance.DataFiles[0].Sha256);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void FromStream_InvalidCsv_RaisesCsvError()
    {
        var stream = new MemoryStream(Encoding.UTF8.GetBytes("label,p0,p1\n0,0.5,0.6\n"));

        var error = Assert.Throws<PredictionsCsvException>(() => PredictionsEvidence.FromStream(stream, "upload.csv"));

        Assert.Equal("upload.csv", error.FileName);
        Assert.Equal(1, error.BadRowCount);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
