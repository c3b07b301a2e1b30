using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Schemas;

/// <summary>
/// Checks the JSON Schemas in <c>schemas/</c> against the sample cases, their own examples, cases
/// that the service rejects, and the decisions the running API returns.
/// </summary>
public sealed class SchemaTests
{
    internal const string CaseSchemaFile = "case.schema.json";
    internal const string EvidenceSchemaFile = "evidence.schema.json";
    private const string DecisionSchemaFile = "decision.schema.json";
    private const string HospitalSampleFile = "hospital-triage-missed-accuracy.json";

    private static readonly string SchemaFolder = Path.Combine(AppContext.BaseDirectory, "schemas");
    private static readonly string SampleCaseFolder = Path.Combine(AppContext.BaseDirectory, "samples", "cases");

    // Format assertion is off by default in draft 2020-12, and without it a date such as
    // "2026-02-30" would pass.
    internal static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    internal static readonly Lazy<IReadOnlyDictionary<string, JsonSchema>> Schemas = new(BuildSchemas);

    public static TheoryData<string> SampleCaseFiles()
    {
        var files = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(SampleCaseFolder, "*.json").Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetFileName(path));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(SampleCaseFiles))]
    public void SampleCase_ValidatesAgainstCaseSchema(string fileName)
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(SampleCaseFolder, fileName)));

        var results = Schemas.Value[CaseSchemaFile].Evaluate(sample.RootElement, Evaluation);

        Assert.True(results.IsValid, Describe(results));
    }

    [Theory]
    [InlineData(CaseSchemaFile)]
    [InlineData(EvidenceSchemaFile)]
    [InlineData(DecisionSchemaFile)]
    public void SchemaExamples_ValidateAgainstTheirSchema(string schemaFile)
    {
        using var schemaText = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaFolder, schemaFile)));
        var examples = schemaText.RootElement.GetProperty("examples").EnumerateArray().ToList();

        Assert.NotEmpty(examples);
        for (int i = 0; i < examples.Count; i++)
        {
            var results = Schemas.Value[schemaFile].Evaluate(examples[i], Evaluation);
            Assert.True(results.IsValid, $"Example {i} of {schemaFile}: {Describe(results)}");
        }
    }

    [Theory]
    [InlineData(CaseSchemaFile)]
    [InlineData(EvidenceSchemaFile)]
    [InlineData(DecisionSchemaFile)]
    public void Schema_ValidatesAgainstDraft202012MetaSchema(string schemaFile)
    {
        using var schemaText = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaFolder, schemaFile)));

        var results = MetaSchemas.Draft202012.Evaluate(schemaText.RootElement, Evaluation);

        Assert.True(results.IsValid, Describe(results));
    }

    [Fact]
    public void Schemas_HaveIdsMatchingTheirFileNames()
    {
        foreach (string schemaFile in new[] { CaseSchemaFile, EvidenceSchemaFile, DecisionSchemaFile })
        {
            using var schemaText = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaFolder, schemaFile)));
            string? id = schemaText.RootElement.GetProperty("$id").GetString();
            Assert.Equal($"https://policyengine.example/schemas/{schemaFile}", id);
        }
    }

    /// <summary>
    /// Each row changes one member of a valid sample case, and names the instance location and the
    /// keyword that must report the error, so that a row cannot pass because of another fault.
    /// </summary>
    [Theory]
    [InlineData("negative amount", "/damage/amount", "minimum")]
    [InlineData("amount above the maximum", "/damage/amount", "maximum")]
    [InlineData("amount as a string", "/damage/amount", "type")]
    [InlineData("unknown top-level field", "/priority", "additionalProperties")]
    [InlineData("unknown nested field", "/deployer/HumanOversight", "additionalProperties")]
    [InlineData("lower-case currency", "/damage/currency", "pattern")]
    [InlineData("four-letter currency", "/damage/currency", "pattern")]
    [InlineData("missing damage", "", "required")]
    [InlineData("missing reference", "", "required")]
    [InlineData("empty reference", "/reference", "minLength")]
    [InlineData("whitespace reference", "/reference", "pattern")]
    // JsonSchema.Net 8 reports a failed `not` without an error message, so without a keyword.
    [InlineData("reference with a control character", "/reference", null)]
    [InlineData("reference of 201 characters", "/reference", "maxLength")]
    [InlineData("unknown damage kind", "/damage/kind", "enum")]
    [InlineData("event date in another format", "/eventDate", "pattern")]
    [InlineData("event date that does not exist", "/eventDate", "format")]
    [InlineData("upper-case rule set name", "/ruleSet", "pattern")]
    [InlineData("rule-set version 0", "/ruleSetVersion", "minimum")]
    [InlineData("rule-set version as a string", "/ruleSetVersion", "type")]
    [InlineData("declared accuracy above 1", "/developer/declaredAccuracy", "maximum")]
    [InlineData("fault percent above 100", "/injuredPerson/faultPercent", "maximum")]
    [InlineData("boolean as a string", "/deployer/humanOversight", "type")]
    [InlineData("evidence without metrics", "/evidence", "required")]
    [InlineData("sample size of 0", "/evidence/metrics/sampleSize", "minimum")]
    [InlineData("sample size with a fraction", "/evidence/metrics/sampleSize", "type")]
    [InlineData("lower bound without upper bound", "/evidence/metrics", "dependentRequired")]
    [InlineData("negative noise ratio", "/evidence/metrics/noiseRatio", "minimum")]
    [InlineData("evidence schema version 2", "/evidence/schemaVersion", "const")]
    public void InvalidCase_FailsCaseSchema(string change, string instanceLocation, string? keyword)
    {
        var invalid = ApplyChange(LoadHospitalSample(), change);
        using var document = JsonDocument.Parse(invalid.ToJsonString());

        var results = Schemas.Value[CaseSchemaFile].Evaluate(document.RootElement, Evaluation);

        Assert.False(results.IsValid, $"The case with {change} passed the schema.");
        Assert.Contains((instanceLocation, keyword), Failures(results));
    }

    [Theory]
    [InlineData("optional sections left out")]
    [InlineData("rule-set version named")]
    [InlineData("noise ratio null")]
    [InlineData("noise ratio left out")]
    [InlineData("both interval bounds")]
    [InlineData("provenance with unlisted members")]
    public void ValidCaseVariant_PassesCaseSchema(string change)
    {
        var valid = ApplyChange(LoadHospitalSample(), change);
        using var document = JsonDocument.Parse(valid.ToJsonString());

        var results = Schemas.Value[CaseSchemaFile].Evaluate(document.RootElement, Evaluation);

        Assert.True(results.IsValid, $"The case with {change}: {Describe(results)}");
    }

    [Fact]
    public async Task DecisionResponses_ValidateAgainstDecisionSchema()
    {
        using var factory = new PortalFactory();
        using var client = await factory.CreateApiClientAsync(PortalRoles.Auditor);

        foreach (var (name, body) in CaseBodies())
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var created = await client.PostAsync("/api/v1/decisions", content);
            string createdBody = await created.Content.ReadAsStringAsync();
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"POST {name} returned {(int)created.StatusCode}: {createdBody}");
            AssertValidDecision(createdBody, $"POST response for {name}");

            using var createdJson = JsonDocument.Parse(createdBody);
            string id = createdJson.RootElement.GetProperty("id").GetString()!;
            using var read = await client.GetAsync($"/api/v1/decisions/{id}");
            string readBody = await read.Content.ReadAsStringAsync();
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"GET {id} returned {(int)read.StatusCode}: {readBody}");
            AssertValidDecision(readBody, $"GET response for {name}");
        }
    }

    [Theory]
    [InlineData("three shares", "/shares", "minItems")]
    [InlineData("shares out of order", "/shares/0/party", "const")]
    [InlineData("percent above 100", "/shares/0/percent", "maximum")]
    [InlineData("upper-case hash", "/contentHash", "pattern")]
    [InlineData("unknown legal basis", "/shares/0/basis/0", "enum")]
    [InlineData("missing evidence member", "", "required")]
    public void InvalidDecision_FailsDecisionSchema(string change, string instanceLocation, string keyword)
    {
        var decision = LoadSchemaExample(DecisionSchemaFile);
        var shares = decision["shares"]!.AsArray();
        switch (change)
        {
            case "three shares":
                shares.RemoveAt(3);
                break;
            case "shares out of order":
                var developer = shares[0]!;
                shares.RemoveAt(0);
                shares.Add(developer);
                break;
            case "percent above 100":
                shares[0]!["percent"] = 100.01m;
                break;
            case "upper-case hash":
                decision["contentHash"] = decision["contentHash"]!.GetValue<string>().ToUpperInvariant();
                break;
            case "unknown legal basis":
                shares[0]!["basis"] = new JsonArray("negligence");
                break;
            case "missing evidence member":
                decision.Remove("evidence");
                break;
            default:
                throw new ArgumentException($"No change is named '{change}'.", nameof(change));
        }

        using var document = JsonDocument.Parse(decision.ToJsonString());
        var results = Schemas.Value[DecisionSchemaFile].Evaluate(document.RootElement, Evaluation);

        Assert.False(results.IsValid, $"The decision with {change} passed the schema.");
        Assert.Contains((instanceLocation, keyword), Failures(results));
    }

    /// <summary>
    /// Builds the three schemas into one registry, so that each <c>$ref</c> to another schema
    /// file resolves through its <c>$id</c> without a network request.
    /// </summary>
    private static IReadOnlyDictionary<string, JsonSchema> BuildSchemas()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (string schemaFile in new[] { EvidenceSchemaFile, CaseSchemaFile, DecisionSchemaFile })
        {
            schemas[schemaFile] = JsonSchema.FromFile(Path.Combine(SchemaFolder, schemaFile), options);
        }

        return schemas;
    }

    /// <summary>Returns every sample case and every example of the case schema, each with a name for messages.</summary>
    private static IEnumerable<(string Name, string Body)> CaseBodies()
    {
        foreach (string path in Directory.GetFiles(SampleCaseFolder, "*.json").Order(StringComparer.Ordinal))
        {
            yield return (Path.GetFileName(path), File.ReadAllText(path));
        }

        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(SchemaFolder, CaseSchemaFile)))!;
        var examples = schema["examples"]!.AsArray();
        for (int i = 0; i < examples.Count; i++)
        {
            yield return ($"example {i} of {CaseSchemaFile}", examples[i]!.ToJsonString());
        }
    }

    private static void AssertValidDecision(string body, string responseName)
    {
        using var decision = JsonDocument.Parse(body);
        var results = Schemas.Value[DecisionSchemaFile].Evaluate(decision.RootElement, Evaluation);
        Assert.True(results.IsValid, $"{responseName}: {Describe(results)}\n{body}");
    }

    internal static JsonObject LoadHospitalSample() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(SampleCaseFolder, HospitalSampleFile)))!.AsObject();

    private static JsonObject LoadSchemaExample(string schemaFile)
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(SchemaFolder, schemaFile)))!;
        return schema["examples"]![0]!.DeepClone().AsObject();
    }

    /// <summary>Applies the named change to <paramref name="sample"/> and returns it.</summary>
    private static JsonObject ApplyChange(JsonObject sample, string change)
    {
        var damage = sample["damage"]!.AsObject();
        var metrics = sample["evidence"]!["metrics"]!.AsObject();
        switch (change)
        {
            case "negative amount":
                damage["amount"] = -0.01m;
                break;
            case "amount above the maximum":
                damage["amount"] = 1_000_000_000_000.01m;
                break;
            case "amount as a string":
                damage["amount"] = "185000.00";
                break;
            case "unknown top-level field":
                sample["priority"] = "high";
                break;
            case "unknown nested field":
                sample["deployer"]!["HumanOversight"] = false;
                break;
            case "lower-case currency":
                damage["currency"] = "eur";
                break;
            case "four-letter currency":
                damage["currency"] = "EURO";
                break;
            case "missing damage":
                sample.Remove("damage");
                break;
            case "missing reference":
                sample.Remove("reference");
                break;
            case "empty reference":
                sample["reference"] = "";
                break;
            case "whitespace reference":
                sample["reference"] = " \t ";
                break;
            case "reference with a control character":
                sample["reference"] = "CLM-2026-0142\n";
                break;
            case "reference of 201 characters":
                sample["reference"] = new string('R', 201);
                break;
            case "unknown damage kind":
                damage["kind"] = "reputational";
                break;
            case "event date in another format":
                sample["eventDate"] = "14/03/2026";
                break;
            case "event date that does not exist":
                sample["eventDate"] = "2026-02-30";
                break;
            case "upper-case rule set name":
                sample["ruleSet"] = "EU";
                break;
            case "rule-set version 0":
                sample["ruleSetVersion"] = 0;
                break;
            case "rule-set version as a string":
                sample["ruleSetVersion"] = "1";
                break;
            case "declared accuracy above 1":
                sample["developer"]!["declaredAccuracy"] = 97;
                break;
            case "fault percent above 100":
                sample["injuredPerson"]!["faultPercent"] = 100.5m;
                break;
            case "boolean as a string":
                sample["deployer"]!["humanOversight"] = "false";
                break;
            case "evidence without metrics":
                sample["evidence"]!.AsObject().Remove("metrics");
                break;
            case "sample size of 0":
                metrics["sampleSize"] = 0;
                break;
            case "sample size with a fraction":
                metrics["sampleSize"] = 10000.5m;
                break;
            case "lower bound without upper bound":
                metrics["accuracyLower95"] = 0.9;
                break;
            case "negative noise ratio":
                metrics["noiseRatio"] = -0.1;
                break;
            case "evidence schema version 2":
                sample["evidence"]!["schemaVersion"] = 2;
                break;
            case "optional sections left out":
                foreach (string name in new[] { "developer", "deployer", "user", "injuredPerson", "contract", "causation", "evidence" })
                {
                    sample.Remove(name);
                }

                break;
            case "rule-set version named":
                sample["ruleSetVersion"] = 1;
                break;
            case "noise ratio null":
                metrics["noiseRatio"] = null;
                break;
            case "noise ratio left out":
                metrics.Remove("noiseRatio");
                break;
            case "both interval bounds":
                metrics["accuracyLower95"] = 0.906699;
                metrics["accuracyUpper95"] = 0.917784;
                break;
            case "provenance with unlisted members":
                sample["evidence"]!["provenance"]!["operator"] = new JsonObject { ["name"] = "Hospital audit team" };
                break;
            default:
                throw new ArgumentException($"No change is named '{change}'.", nameof(change));
        }

        return sample;
    }

    /// <summary>
    /// Lists an (instance location, keyword) pair for every failed evaluation node. A failed
    /// boolean subschema, such as <c>additionalProperties: false</c>, is reported under the
    /// keyword that applied it. A failed node without an error message has a null keyword.
    /// </summary>
    internal static List<(string InstanceLocation, string? Keyword)> Failures(EvaluationResults results)
    {
        var failures = new List<(string, string?)>();
        Collect(results);
        return failures;

        void Collect(EvaluationResults node)
        {
            if (!node.IsValid)
            {
                string location = node.InstanceLocation.ToString();
                if (node.Errors is { Count: > 0 } errors)
                {
                    foreach (string key in errors.Keys)
                    {
                        string keyword = key.Length > 0 ? key : node.EvaluationPath.ToString().Split('/')[^1];
                        failures.Add((location, keyword));
                    }
                }
                else
                {
                    failures.Add((location, null));
                }
            }

            foreach (var child in node.Details ?? [])
            {
                Collect(child);
            }
        }
    }

    internal static string Describe(EvaluationResults results)
    {
        var lines = new List<string>();
        Collect(results);
        return lines.Count == 0 ? "no errors" : string.Join("; ", lines);

        void Collect(EvaluationResults node)
        {
            if (node.Errors is { } errors)
            {
                foreach (var (keyword, message) in errors)
                {
                    lines.Add($"{node.InstanceLocation} {keyword}: {message}");
                }
            }

            foreach (var child in node.Details ?? [])
            {
                Collect(child);
            }
        }
    }
}
