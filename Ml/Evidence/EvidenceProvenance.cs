using System.Text.Json.Serialization;

namespace PolicyEngine.Ml.Evidence;

/// <summary>
/// How the metrics were measured. Every member is optional and left out of the JSON when null,
/// because not every run has every fact. Evaluating a predictions file, for example, has no
/// weights, seed or architecture.
/// </summary>
public sealed record EvidenceProvenance
{
    /// <summary>Values of <see cref="Source"/>.</summary>
    public static class Sources
    {
        public const string Train = "train";
        public const string Evaluate = "evaluate";
        public const string EvaluatePredictions = "evaluate-predictions";
    }

    /// <summary>Name of the data set, such as "Fashion-MNIST".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Dataset { get; init; }

    /// <summary>Every data file the run read, with the SHA-256 of its bytes as stored.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<EvidenceDataFile>? DataFiles { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TrainSamples { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TestSamples { get; init; }

    /// <summary>The model's layers in order, in words.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Architecture { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? ParameterCount { get; init; }

    /// <summary>SHA-256 of the trained weights as saved, as 64 lower-case hex digits.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WeightsSha256 { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Seed { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Epochs { get; init; }

    /// <summary>Threads the run computed on.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ThreadCount { get; init; }

    /// <summary>The matrix-multiplication library the run used, such as OpenBLAS or the managed fallback.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Blas { get; init; }

    /// <summary>Version of the .NET runtime, from <see cref="Environment.Version"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DotnetVersion { get; init; }

    /// <summary>Version of each library the run used, by assembly name.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Libraries { get; init; }

    /// <summary>Time the run started, written in UTC as an ISO 8601 date-time ending in Z.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Wall-clock duration of the run, in seconds.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DurationSeconds { get; init; }

    /// <summary>Logical processors of the machine, from <see cref="Environment.ProcessorCount"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? CoreCount { get; init; }

    /// <summary>The command that wrote the record: one of <see cref="Sources"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }
}

/// <summary>A data file the run read.</summary>
public sealed record EvidenceDataFile
{
    /// <summary>Name of the file, as the run was given it.</summary>
    public required string Name { get; init; }

    /// <summary>SHA-256 of the file's bytes as stored (for gzip, the compressed bytes), as 64 lower-case hex digits.</summary>
    public required string Sha256 { get; init; }
}
