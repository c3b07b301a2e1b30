using System.Text;
using System.Text.Json;
using PolicyEngine.Ml.Evidence;
using PolicyEngine.Ml.Metrics;
using PolicyEngine.Ml.Tests.Metrics;

namespace PolicyEngine.Ml.Tests.Evidence;

public sealed class EvidenceJsonTests
{
    private static readonly string[] MetricsNames =
    [
        "sampleSize", "classCount", "accuracy", "accuracyLower95", "accuracyUpper95", "crossEntropy", "gap",
        "noise", "noiseRatio", "brier", "ece", "calibrationBins", "perClass", "confusionMatrix",
    ];

    private static readonly string[] ProvenanceNames =
    [
        "dataset", "dataFiles", "trainSamples", "testSamples", "architecture", "parameterCount", "weightsSha256",
        "seed", "epochs", "threadCount", "blas", "dotnetVersion", "libraries", "startedAt", "durationSeconds",
        "coreCount", "source",
    ];

    private static ClassificationMetrics WorkedExampleMetrics() => MetricsCalculator.Compute<double>(
        WorkedExample.Probabilities, WorkedExample.ClassCount, WorkedExample.Labels);

    private static EvidenceRecord FullRecord()
    {
        // All labels are class 1 in the baseline, so its noise ratio and class 0 figures are null.
        ClassificationMetrics baseline = MetricsCalculator.Compute<double>([0.6, 0.4, 0.3, 0.7], 2, [1, 1]);

        return new EvidenceRecord
        {
            Metrics = EvidenceMetrics.From(WorkedExampleMetrics()),
            Baseline = EvidenceBaseline.From("ML.NET LbfgsMaximumEntropy", baseline),
            Provenance = new EvidenceProvenance
            {
                Dataset = "Fashion-MNIST",
                DataFiles = [new EvidenceDataFile { Name = "t10k-images-idx3-ubyte.gz", Sha256 = new string('a', 64) }],
                TrainSamples = 60_000,
                TestSamples = 10_000,
                Architecture = "Conv 3x3x32 + ReLU, MaxPool 2, Dense 10 + softmax",
                ParameterCount = 225_034,
                WeightsSha256 = new string('b', 64),
                Seed = 42,
                Epochs = 5,
                ThreadCount = 2,
                Blas = "OpenBLAS",
                DotnetVersion = RuntimeVersions.Dotnet,
                Libraries = RuntimeVersions.Libraries(),
                StartedAt = new DateTimeOffset(2026, 2, 10, 10, 30, 0, TimeSpan.FromHours(1)),
                DurationSeconds = 412.7,
                CoreCount = 8,
                Source = EvidenceProvenance.Sources.Train,
            },
        };
    }

    private static string[] NamesOf(JsonElement element) =>
        element.EnumerateObject().Select(property => property.Name).ToArray();

    [Fact]
    public void Json_TopLevel_HasContractNames()
    {
        using JsonDocument document = JsonDocument.Parse(EvidenceJson.Serialize(FullRecord()));

        Assert.Equal(["schemaVersion", "metrics", "baseline", "provenance"], NamesOf(document.RootElement));
        Assert.Equal(1, document.RootElement.GetProperty("schemaVersion").GetInt32());
    }

    [Fact]
    public void Json_Metrics_HasContractNames()
    {
        using JsonDocument document = JsonDocument.Parse(EvidenceJson.Serialize(FullRecord()));

        Assert.Equal(MetricsNames, NamesOf(document.RootElement.GetProperty("metrics")));
    }

    [Fact]
    public void Json_CalibrationBin_HasContractNames()
    {
        using JsonDocument document = JsonDocument.Parse(EvidenceJson.Serialize(FullRecord()));
        JsonElement bins = document.RootElement.GetProperty("metrics").GetProperty("calibrationBins");

        Assert.Equal(15, bins.GetArrayLength());
        Assert.Equal(["index", "lower", "upper", "count", "meanConfidence", "accuracy"], NamesOf(bins[0]));
    }

    [Fact]
    public void Json_PerClass_HasContractNames()
    {
        using JsonDocument document = JsonDocument.Parse(EvidenceJson.Serialize(FullRecord()));
        JsonElement perClass = document.RootElement.GetProperty("metrics").GetProperty("perClass");

        Assert.Equal(2, perClass.GetArrayLength());
        Assert.Equal(["class", "support", "accuracy", "precision", "recall"], NamesOf(perClass[0]));
    }

    [Fact]
    public void Json_ConfusionMatrix_IsNestedIntegerArrays()
    {
        using JsonDocument document = JsonDocument.Parse(EvidenceJson.Serialize(FullRecord()));
        JsonElement matrix = document.RootElement.GetProperty("metrics").GetProperty("confusionMatrix");

        Assert.Equal(3, matrix[0][0].GetInt32());
        Assert.Equal(0, matrix[0][1].GetInt32());
        Assert.Equal(2, matrix[1][1].GetInt32());
    }

    [Fact]
    public void Json_Baseline_HasModelAndMetrics()
    {
        using JsonDocument document = JsonDocument.Parse(EvidenceJson.Serialize(FullRecord()));
        JsonElement baseline = document.RootElement.GetProperty("baseline");

        Assert.Equal(["model", "metrics"], NamesOf(baseline));
        Assert.Equal("ML.NET LbfgsMaximumEntropy", baseline.GetProperty("model").GetString());
        Assert.Equal(MetricsNames, NamesOf(baseline.GetProperty("metrics")));
    }

    [Fact]
    public void Json_Provenance_HasContractNames()
    {
        using JsonDocument document = JsonDocument.Parse(EvidenceJson.Serialize(FullRecord()));
        JsonElement provenance = document.RootElement.GetProperty("provenance");

        Assert.Equal(ProvenanceNames, NamesOf(provenance));
        Assert.Equal(["name", "sha256"], NamesOf(provenance.GetProperty("dataFiles")[0]));
        Assert.Equal("train", provenance.GetProperty("source").GetString());
    }

    [Fact]
    public void Json_UndefinedMetrics_AreNull()
    {
        using JsonDocument document = JsonDocument.Parse(EvidenceJson.Serialize(FullRecord()));
        JsonElement baselineMetrics = document.RootElement.GetProperty("baseline").GetProperty("metrics");
        JsonElement emptyBin = document.RootElement.GetProperty("metrics").GetProperty("calibrationBins")[0];

        Assert.Equal(JsonValueKind.Null, baselineMetrics.GetProperty("noiseRatio").ValueKind);
        Assert.Equal(JsonValueKind.Null, baselineMetrics.GetProperty("perClass")[0].GetProperty("accuracy").ValueKind);
        Assert.Equal(JsonValueKind.Null, baselineMetrics.GetProperty("perClass")[0].GetProperty("recall").ValueKind);
        Assert.Equal(JsonValueKind.Null, emptyBin.GetProperty("meanConfidence").ValueKind);
        Assert.Equal(JsonValueKind.Null, emptyBin.GetProperty("accuracy").ValueKind);
    }

    [Fact]
    public void Json_NoBaseline_LeavesItOut()
    {
        var record = new EvidenceRecord { Metrics = EvidenceMetrics.From(WorkedExampleMetrics()) };

        using JsonDocument document = JsonDocument.Parse(EvidenceJson.Serialize(record));

        Assert.Equal(["schemaVersion", "metrics"], NamesOf(document.RootElement));
    }

    [Fact]
    public void Json_UnsetProvenanceFields_AreLeftOut()
    {
        var record = new EvidenceRecord
        {
            Metrics = EvidenceMetrics.From(WorkedExampleMetrics()),
            Provenance = new EvidenceProvenance { TestSamples = 5, Source = EvidenceProvenance.Sources.EvaluatePredictions },
        };

        using JsonDocument document = JsonDocument.Parse(EvidenceJson.Serialize(record));

        Assert.Equal(["testSamples", "source"], NamesOf(document.RootElement.GetProperty("provenance")));
    }

    [Fact]
    public void Json_StartedAt_IsUtcWithZ()
    {
        using JsonDocument document = JsonDocument.Parse(EvidenceJson.Serialize(FullRecord()));

        string? startedAt = document.RootElement.GetProperty("provenance").GetProperty("startedAt").GetString();

        Assert.Equal("2026-02-10T09:30:00Z", startedAt);
    }

    [Fact]
    public void Json_WorkedExample_WritesDerivedValues()
    {
        using JsonDocument document = JsonDocument.Parse(EvidenceJson.Serialize(FullRecord()));
        JsonElement metrics = document.RootElement.GetProperty("metrics");

        Assert.Equal(5, metrics.GetProperty("sampleSize").GetInt32());
        Assert.Equal(1.0, metrics.GetProperty("accuracy").GetDouble());
        Assert.Equal(0.28, metrics.GetProperty("gap").GetDouble(), 1e-12);
        Assert.Equal(67.0 / 300.0, metrics.GetProperty("noiseRatio").GetDouble(), 1e-12);
    }

    [Fact]
    public void Deserialize_SerializedRecord_RoundTrips()
    {
        EvidenceRecord original = FullRecord();

        EvidenceRecord parsed = EvidenceJson.Deserialize(EvidenceJson.Serialize(original));

        Assert.Equal(original.Metrics.CrossEntropy, parsed.Metrics.CrossEntropy);
        Assert.Equal(original.Metrics.NoiseRatio, parsed.Metrics.NoiseRatio);
        Assert.Null(parsed.Baseline!.Metrics.NoiseRatio);
        Assert.Equal(original.Provenance!.StartedAt, parsed.Provenance!.StartedAt);
        Assert.Equal(original.Provenance.Libraries, parsed.Provenance.Libraries);
        Assert.Equal(EvidenceJson.Serialize(original), EvidenceJson.Serialize(parsed));
    }

    [Fact]
    public void WriteToFile_Record_WritesUtf8WithoutBom()
    {
        string folder = Directory.CreateTempSubdirectory("policyengine-evidence-").FullName;
        try
        {
            string path = Path.Combine(folder, "nested", "evidence.json");

            EvidenceJson.WriteToFile(FullRecord(), path);

            byte[] bytes = File.ReadAllBytes(path);
            Assert.Equal((byte)'{', bytes[0]);
            Assert.Equal((byte)'\n', bytes[^1]);
            string text = Encoding.UTF8.GetString(bytes);
            Assert.Contains("\n  \"metrics\": {", text);
            Assert.Equal(1.0, EvidenceJson.Deserialize(text).Metrics.Accuracy);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Write_Stream_MatchesSerialize()
    {
        using var stream = new MemoryStream();

        EvidenceJson.Write(FullRecord(), stream);

        Assert.Equal(EvidenceJson.Serialize(FullRecord()) + "\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Libraries_NameFourPackages()
    {
        IReadOnlyDictionary<string, string> libraries = RuntimeVersions.Libraries();

        Assert.Equal(["Microsoft.ML", "System.CommandLine", "Spectre.Console", "System.Numerics.Tensors"], libraries.Keys);
        foreach (string version in libraries.Values)
        {
            Assert.Matches(@"^\d+\.\d+\.\d+", version);
            Assert.DoesNotContain("+", version);
        }
    }

    [Fact]
    public void DotnetVersion_IsRuntimeVersion()
    {
        Assert.Equal(Environment.Version.ToString(), RuntimeVersions.Dotnet);
    }
}
