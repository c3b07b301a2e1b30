using System.Text;
using System.Text.Json;

namespace PolicyEngine.Ml.Evidence;

/// <summary>
/// Reads and writes evidence records as JSON: camelCase member names, indented, UTF-8 without a
/// byte order mark, and null written for every undefined metric.
/// </summary>
public static class EvidenceJson
{
    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The serializer settings of the record format.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
    };

    public static string Serialize(EvidenceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return JsonSerializer.Serialize(record, Options);
    }

    /// <summary>Writes the record to <paramref name="stream"/> as UTF-8 and leaves the stream open.</summary>
    public static void Write(EvidenceRecord record, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(stream);

        JsonSerializer.Serialize(stream, record, Options);
        stream.Write("\n"u8);
    }

    /// <summary>
    /// Writes the record to the file at <paramref name="path"/>, replacing any file there, and
    /// creates the folder when it is missing.
    /// </summary>
    public static void WriteToFile(EvidenceRecord record, string path)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(path);

        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, Serialize(record) + "\n", Utf8WithoutBom);
    }

    /// <summary>Parses a record, raising <see cref="JsonException"/> when the JSON does not describe one.</summary>
    public static EvidenceRecord Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<EvidenceRecord>(json, Options)
            ?? throw new JsonException("The evidence JSON is null, but an object with metrics was expected.");
    }
}
