using System.Diagnostics;
using PolicyEngine.Ml.Metrics;

namespace PolicyEngine.Ml.Evidence;

/// <summary>
/// Builds an evidence record from a predictions CSV file (see <see cref="PredictionsCsv"/>). The
/// evaluate-predictions command and the portal's upload both call it.
/// </summary>
public static class PredictionsEvidence
{
    /// <summary>Reads the file at <paramref name="path"/>. Its name without the folder goes into the record.</summary>
    public static EvidenceRecord FromFile(string path, string? dataset = null, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        using FileStream stream = File.OpenRead(path);
        return FromStream(stream, Path.GetFileName(path), dataset, clock);
    }

    /// <summary>
    /// Reads <paramref name="stream"/> to its end. <paramref name="fileName"/> names the file in
    /// errors and in the record's data files. Invalid files raise <see cref="PredictionsCsvException"/>.
    /// </summary>
    public static EvidenceRecord FromStream(
        Stream stream, string fileName, string? dataset = null, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        DateTimeOffset startedAt = clock.GetUtcNow();
        long started = Stopwatch.GetTimestamp();

        PredictionsTable table = PredictionsCsv.Read(stream, fileName);
        return Build(table, dataset, startedAt, started);
    }

    /// <summary>The asynchronous form of <see cref="FromStream"/>, for request bodies.</summary>
    public static async Task<EvidenceRecord> FromStreamAsync(
        Stream stream,
        string fileName,
        string? dataset = null,
        TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        clock ??= TimeProvider.System;
        DateTimeOffset startedAt = clock.GetUtcNow();
        long started = Stopwatch.GetTimestamp();

        PredictionsTable table = await PredictionsCsv.ReadAsync(stream, fileName, cancellationToken);
        return Build(table, dataset, startedAt, started);
    }

    /// <summary>Computes the metrics and the provenance, timing the run from <paramref name="startedTimestamp"/>.</summary>
    private static EvidenceRecord Build(
        PredictionsTable table, string? dataset, DateTimeOffset startedAt, long startedTimestamp)
    {
        ClassificationMetrics metrics = table.ComputeMetrics();
        TimeSpan duration = Stopwatch.GetElapsedTime(startedTimestamp);

        return new EvidenceRecord
        {
            Metrics = EvidenceMetrics.From(metrics),
            Provenance = new EvidenceProvenance
            {
                Dataset = dataset,
                DataFiles = [new EvidenceDataFile { Name = table.FileName, Sha256 = table.Sha256 }],
                TestSamples = table.SampleCount,
                DotnetVersion = RuntimeVersions.Dotnet,
                Libraries = RuntimeVersions.Libraries(),
                StartedAt = startedAt,
                DurationSeconds = duration.TotalSeconds,
                CoreCount = Environment.ProcessorCount,
                Source = EvidenceProvenance.Sources.EvaluatePredictions,
            },
        };
    }
}
