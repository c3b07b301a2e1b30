using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Ml.Evidence;
using PolicyEngine.Ml.Metrics;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Schemas;

/// <summary>
/// Checks evidence records that the Ml module computes from predictions CSV text. They must match
/// evidence.schema.json and pass the engine's strict reader, its validator and the decisions API.
/// The rejection tables check that the schema and the engine reject the same changes.
/// </summary>
public sealed class EvidenceRecordSchemaTests
{
    private const string ThreeClasses = "three classes";
    private const string ClassWithoutSamples = "class without samples";
    private const string SingleLabelClass = "single label class";

    private static readonly IReadOnlyDictionary<string, string> PredictionsFiles = new Dictionary<string, string>
    {
        // 9 of 12 right. The third row ties classes 0 and 1, and the tie goes to class 0.
        [ThreeClasses] = """
            label,p0,p1,p2
            0,0.8,0.15,0.05
            0,0.6,0.3,0.1
            0,0.45,0.45,0.1
            0,0.3,0.6,0.1
            1,0.1,0.85,0.05
            1,0.2,0.7,0.1
            1,0.05,0.9,0.05
            1,0.5,0.4,0.1
            2,0.1,0.2,0.7
            2,0.2,0.1,0.7
            2,0.15,0.25,0.6
            2,0.4,0.35,0.25
            """,

        // Class 2 has no samples and is never predicted, so its accuracy, precision and recall are null.
        [ClassWithoutSamples] = """
            label,p0,p1,p2
            0,0.7,0.2,0.1
            0,0.4,0.5,0.1
            1,0.2,0.7,0.1
            1,0.6,0.3,0.1
            """,

        // Every label is class 1, so the noise ratio is null.
        [SingleLabelClass] = """
            label,p0,p1
            1,0.3,0.7
            1,0.6,0.4
            1,0.1,0.9
            """,
    };

    /// <summary>Predictions of a model that gives every sample the same distribution, for the baseline block.</summary>
    private const string ConstantModelPredictions = """
        label,p0,p1,p2
        0,0.333333,0.333333,0.333334
        0,0.333333,0.333333,0.333334
        0,0.333333,0.333333,0.333334
        0,0.333333,0.333333,0.333334
        1,0.333333,0.333333,0.333334
        1,0.333333,0.333333,0.333334
        1,0.333333,0.333333,0.333334
        1,0.333333,0.333333,0.333334
        2,0.333333,0.333333,0.333334
        2,0.333333,0.333333,0.333334
        2,0.333333,0.333333,0.333334
        2,0.333333,0.333333,0.333334
        """;

    public static TheoryData<string> PredictionsFileNames() => [.. PredictionsFiles.Keys];

    [Theory]
    [MemberData(nameof(PredictionsFileNames))]
    public void PredictionsEvidence_ValidatesAgainstEvidenceSchema(string predictions)
    {
        string json = EvidenceJson.Serialize(ComputeRecord(predictions));

        var results = EvaluateEvidenceSchema(json);

        Assert.True(results.IsValid, $"{SchemaTests.Describe(results)}\n{json}");
    }

    [Theory]
    [MemberData(nameof(PredictionsFileNames))]
    public void PredictionsEvidence_PassesEngineValidator(string predictions)
    {
        var record = ComputeRecord(predictions);
        string json = EvidenceJson.Serialize(record);

        var document = JsonSerializer.Deserialize<EvidenceDocument>(json, EngineJson.Options);

        Assert.NotNull(document);
        var result = new EvidenceDocumentValidator().Validate(document);
        Assert.True(result.IsValid, string.Join("; ", result.Errors) + "\n" + json);
        Assert.Equal(record.Metrics.Brier, document.Metrics!.Brier);
        Assert.Equal(record.Metrics.NoiseRatio, document.Metrics.NoiseRatio);
        Assert.Equal(MetricsDocumentValidator.CalibrationBinCount, document.Metrics.CalibrationBins!.Count);
        Assert.Equal(record.Metrics.ClassCount, document.Metrics.PerClass!.Count);
        Assert.Equal(record.Metrics.ClassCount, document.Metrics.ConfusionMatrix!.Count);
        Assert.Equal(JsonValueKind.Object, document.Provenance!.Value.ValueKind);
    }

    [Theory]
    [MemberData(nameof(PredictionsFileNames))]
    public void PredictionsEvidence_InCaseValidatesAgainstCaseSchema(string predictions)
    {
        string body = CaseWithEvidence(ComputeRecord(predictions));
        using var document = JsonDocument.Parse(body);

        var results = SchemaTests.Schemas.Value[SchemaTests.CaseSchemaFile].Evaluate(document.RootElement, SchemaTests.Evaluation);

        Assert.True(results.IsValid, SchemaTests.Describe(results));
    }

    [Theory]
    [MemberData(nameof(PredictionsFileNames))]
    public async Task PostCase_WithPredictionsEvidence_Returns201(string predictions)
    {
        using var factory = new PortalFactory();
        using var client = await factory.CreateApiClientAsync(PortalRoles.Auditor);
        string body = CaseWithEvidence(ComputeRecord(predictions));

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/decisions", content);

        string responseBody = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST returned {(int)response.StatusCode}: {responseBody}");
    }

    [Fact]
    public void RecordWithBaseline_ValidatesAgainstEvidenceSchema()
    {
        string json = EvidenceJson.Serialize(ComputeRecordWithBaseline());

        var results = EvaluateEvidenceSchema(json);

        Assert.True(results.IsValid, $"{SchemaTests.Describe(results)}\n{json}");
    }

    [Fact]
    public void RecordWithBaseline_PassesEngineValidator()
    {
        var record = ComputeRecordWithBaseline();

        var document = JsonSerializer.Deserialize<EvidenceDocument>(EvidenceJson.Serialize(record), EngineJson.Options);

        Assert.NotNull(document);
        var result = new EvidenceDocumentValidator().Validate(document);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(record.Baseline!.Model, document.Baseline!.Model);
        Assert.Null(document.Baseline.Metrics!.PerClass![0].Precision);
    }

    [Fact]
    public async Task PostCase_WithBaselineEvidence_Returns201()
    {
        using var factory = new PortalFactory();
        using var client = await factory.CreateApiClientAsync(PortalRoles.Auditor);
        string body = CaseWithEvidence(ComputeRecordWithBaseline());

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/decisions", content);

        string responseBody = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST returned {(int)response.StatusCode}: {responseBody}");
    }

    /// <summary>
    /// At an accuracy of exactly 1 or 0, floating-point rounding once put the Wilson bound a hair
    /// inside the accuracy (0.9999999999999999 for 10 of 10 right), and the engine rejected the
    /// record because its interval did not contain the accuracy.
    /// </summary>
    [Theory]
    [InlineData(10)]
    [InlineData(7)]
    [InlineData(2999)]
    public void PredictionsEvidence_AllRight_PassesEngineValidator(int rows)
    {
        var csv = new StringBuilder("label,p0,p1\n");
        for (int i = 0; i < rows; i++)
        {
            csv.Append(i % 2 == 0 ? "0,1,0\n" : "1,0,1\n");
        }

        var record = PredictionsEvidence.FromStream(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "all-right.csv");
        var document = JsonSerializer.Deserialize<EvidenceDocument>(EvidenceJson.Serialize(record), EngineJson.Options);

        Assert.NotNull(document);
        var result = new EvidenceDocumentValidator().Validate(document);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    /// <summary>
    /// Each row changes one member of a record with a baseline, and names the instance location and
    /// keyword at which the schema must fail. The engine must reject the same record, either while
    /// reading it or in <see cref="EvidenceDocumentValidator"/>.
    /// </summary>
    [Theory]
    [InlineData("14 calibration bins", "/metrics/calibrationBins", "minItems")]
    [InlineData("negative bin count", "/metrics/calibrationBins/0/count", "minimum")]
    [InlineData("bin without count", "/metrics/calibrationBins/0", "required")]
    [InlineData("bin mean confidence above 1", "/metrics/calibrationBins/6/meanConfidence", "maximum")]
    [InlineData("unknown bin member", "/metrics/calibrationBins/0/width", "additionalProperties")]
    [InlineData("brier above 2", "/metrics/brier", "maximum")]
    [InlineData("negative cross-entropy", "/metrics/crossEntropy", "minimum")]
    [InlineData("class count of 1", "/metrics/classCount", "minimum")]
    [InlineData("class count of 1001", "/metrics/classCount", "maximum")]
    [InlineData("per-class precision above 1", "/metrics/perClass/0/precision", "maximum")]
    [InlineData("negative class", "/metrics/perClass/0/class", "minimum")]
    [InlineData("per-class item without support", "/metrics/perClass/0", "required")]
    [InlineData("negative confusion count", "/metrics/confusionMatrix/0/1", "minimum")]
    [InlineData("confusion count with a fraction", "/metrics/confusionMatrix/0/0", "type")]
    [InlineData("confusion matrix of one row", "/metrics/confusionMatrix", "minItems")]
    [InlineData("unknown metrics member", "/metrics/f1", "additionalProperties")]
    [InlineData("baseline without model", "/baseline", "required")]
    [InlineData("whitespace baseline model", "/baseline/model", "pattern")]
    [InlineData("baseline model of 201 characters", "/baseline/model", "maxLength")]
    [InlineData("baseline without metrics", "/baseline", "required")]
    [InlineData("baseline accuracy above 1", "/baseline/metrics/accuracy", "maximum")]
    [InlineData("unknown baseline member", "/baseline/trainer", "additionalProperties")]
    [InlineData("provenance as an array", "/provenance", "type")]
    [InlineData("schema version 2", "/schemaVersion", "const")]
    public void InvalidRecord_FailsSchemaAndEngine(string change, string instanceLocation, string keyword)
    {
        string json = ApplyChange(ComputeRecordWithBaseline(), change);

        var results = EvaluateEvidenceSchema(json);
        var engineErrors = EngineErrors(json);

        Assert.False(results.IsValid, $"The record with {change} passed the schema.");
        Assert.Contains((instanceLocation, keyword), SchemaTests.Failures(results));
        Assert.NotEmpty(engineErrors);
    }

    /// <summary>
    /// The provenance members the schema defines are checked by the engine too, so that every
    /// stored record matches the schema. Each row must fail both.
    /// </summary>
    [Theory]
    [InlineData("unknown source", "/provenance/source", "enum")]
    [InlineData("upper-case data file hash", "/provenance/dataFiles/0/sha256", "pattern")]
    [InlineData("data file without hash", "/provenance/dataFiles/0", "required")]
    [InlineData("start time without offset", "/provenance/startedAt", "format")]
    [InlineData("core count of 0", "/provenance/coreCount", "minimum")]
    [InlineData("library version as a number", "/provenance/libraries/Microsoft.ML", "type")]
    public void InvalidProvenance_FailsSchemaAndEngine(string change, string instanceLocation, string keyword)
    {
        string json = ApplyChange(ComputeRecordWithBaseline(), change);

        var results = EvaluateEvidenceSchema(json);
        var engineErrors = EngineErrors(json);

        Assert.False(results.IsValid, $"The record with {change} passed the schema.");
        Assert.Contains((instanceLocation, keyword), SchemaTests.Failures(results));
        Assert.NotEmpty(engineErrors);
    }

    /// <summary>
    /// What the portal stores and returns must match the schema too: null figures are left out
    /// when stored, so the schema may not require them.
    /// </summary>
    [Fact]
    public async Task StoredRecord_ValidatesAgainstEvidenceSchema()
    {
        using var factory = new PortalFactory();
        var client = await factory.CreateApiClientAsync(PortalRoles.Auditor);
        var posted = await client.PostAsync(
            "/api/v1/evidence",
            new StringContent(EvidenceJson.Serialize(ComputeRecordWithBaseline()), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        string id = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var stored = JsonNode.Parse(await client.GetStringAsync($"/api/v1/evidence/{id}"))!["record"]!.ToJsonString();
        var results = EvaluateEvidenceSchema(stored);

        Assert.True(results.IsValid, $"{SchemaTests.Describe(results)}\n{stored}");
    }

    /// <summary>Each row changes a record in a way that the schema and the engine must both accept.</summary>
    [Theory]
    [InlineData("provenance with a note")]
    [InlineData("per-class figures null")]
    [InlineData("full-record members left out")]
    public void ValidRecordVariant_PassesSchemaAndEngine(string change)
    {
        string json = ApplyChange(ComputeRecordWithBaseline(), change);

        var results = EvaluateEvidenceSchema(json);
        var engineErrors = EngineErrors(json);

        Assert.True(results.IsValid, $"The record with {change}: {SchemaTests.Describe(results)}");
        Assert.Empty(engineErrors);
    }

    private static EvidenceRecord ComputeRecord(string predictions)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(PredictionsFiles[predictions]));
        return PredictionsEvidence.FromStream(stream, "predictions.csv", dataset: $"Synthetic test set, {predictions}");
    }

    /// <summary>Returns the three-class record with the constant model's metrics as its baseline.</summary>
    private static EvidenceRecord ComputeRecordWithBaseline()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(ConstantModelPredictions));
        var baseline = PredictionsCsv.Read(stream, "constant-model.csv").ComputeMetrics();
        return ComputeRecord(ThreeClasses) with
        {
            Baseline = EvidenceBaseline.From("Constant model: the same distribution for every sample", baseline),
        };
    }

    private static string CaseWithEvidence(EvidenceRecord record)
    {
        var sample = SchemaTests.LoadHospitalSample();
        sample["evidence"] = JsonNode.Parse(EvidenceJson.Serialize(record));
        return sample.ToJsonString();
    }

    private static Json.Schema.EvaluationResults EvaluateEvidenceSchema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SchemaTests.Schemas.Value[SchemaTests.EvidenceSchemaFile].Evaluate(document.RootElement, SchemaTests.Evaluation);
    }

    /// <summary>Returns why the engine rejects the record: a read error, or the validator's messages.</summary>
    private static List<string> EngineErrors(string json)
    {
        EvidenceDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<EvidenceDocument>(json, EngineJson.Options);
        }
        catch (JsonException exception)
        {
            return [exception.Message];
        }

        if (document is null)
        {
            return ["The record is JSON null."];
        }

        return new EvidenceDocumentValidator().Validate(document).Errors.Select(e => e.ErrorMessage).ToList();
    }

    /// <summary>Applies the named change to the serialized <paramref name="record"/> and returns the JSON.</summary>
    private static string ApplyChange(EvidenceRecord record, string change)
    {
        var root = JsonNode.Parse(EvidenceJson.Serialize(record))!.AsObject();
        var metrics = root["metrics"]!.AsObject();
        var bins = metrics["calibrationBins"]!.AsArray();
        var perClass = metrics["perClass"]!.AsArray();
        var confusion = metrics["confusionMatrix"]!.AsArray();
        var baseline = root["baseline"]!.AsObject();
        var provenance = root["provenance"]!.AsObject();
        switch (change)
        {
            case "14 calibration bins":
                bins.RemoveAt(bins.Count - 1);
                break;
            case "negative bin count":
                bins[0]!["count"] = -1;
                break;
            case "bin without count":
                bins[0]!.AsObject().Remove("count");
                break;
            case "bin mean confidence above 1":
                bins[6]!["meanConfidence"] = 1.5;
                break;
            case "unknown bin member":
                bins[0]!["width"] = 1.0 / 15;
                break;
            case "brier above 2":
                metrics["brier"] = 2.5;
                break;
            case "negative cross-entropy":
                metrics["crossEntropy"] = -0.1;
                break;
            case "class count of 1":
                metrics["classCount"] = 1;
                break;
            case "class count of 1001":
                metrics["classCount"] = 1001;
                break;
            case "per-class precision above 1":
                perClass[0]!["precision"] = 1.2;
                break;
            case "negative class":
                perClass[0]!["class"] = -1;
                break;
            case "per-class item without support":
                perClass[0]!.AsObject().Remove("support");
                break;
            case "negative confusion count":
                confusion[0]![1] = -1;
                break;
            case "confusion count with a fraction":
                confusion[0]![0] = 2.5;
                break;
            case "confusion matrix of one row":
                metrics["confusionMatrix"] = new JsonArray(new JsonArray(12));
                break;
            case "unknown metrics member":
                metrics["f1"] = 0.7;
                break;
            case "baseline without model":
                baseline.Remove("model");
                break;
            case "whitespace baseline model":
                baseline["model"] = " \t ";
                break;
            case "baseline model of 201 characters":
                baseline["model"] = new string('m', 201);
                break;
            case "baseline without metrics":
                baseline.Remove("metrics");
                break;
            case "baseline accuracy above 1":
                baseline["metrics"]!["accuracy"] = 1.5;
                break;
            case "unknown baseline member":
                baseline["trainer"] = "LbfgsMaximumEntropy";
                break;
            case "provenance as an array":
                root["provenance"] = new JsonArray("Fashion-MNIST");
                break;
            case "schema version 2":
                root["schemaVersion"] = 2;
                break;
            case "unknown source":
                provenance["source"] = "notebook";
                break;
            case "upper-case data file hash":
                var file = provenance["dataFiles"]![0]!;
                file["sha256"] = file["sha256"]!.GetValue<string>().ToUpperInvariant();
                break;
            case "data file without hash":
                provenance["dataFiles"]![0]!.AsObject().Remove("sha256");
                break;
            case "start time without offset":
                provenance["startedAt"] = "2026-02-10T09:30:00";
                break;
            case "core count of 0":
                provenance["coreCount"] = 0;
                break;
            case "library version as a number":
                provenance["libraries"]!["Microsoft.ML"] = 6;
                break;
            case "provenance with a note":
                provenance["note"] = "Evaluated by the hospital's auditor.";
                break;
            case "per-class figures null":
                perClass[0]!["accuracy"] = null;
                perClass[0]!["precision"] = null;
                perClass[0]!["recall"] = null;
                break;
            case "full-record members left out":
                foreach (string name in new[] { "classCount", "crossEntropy", "brier", "calibrationBins", "perClass", "confusionMatrix" })
                {
                    metrics.Remove(name);
                }

                root.Remove("baseline");
                root.Remove("provenance");
                break;
            default:
                throw new ArgumentException($"No change is named '{change}'.", nameof(change));
        }

        return root.ToJsonString();
    }
}
