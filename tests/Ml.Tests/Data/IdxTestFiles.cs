using System.Buffers.Binary;
using System.IO.Compression;

namespace PolicyEngine.Ml.Tests.Data;

/// <summary>Builds small IDX files byte by byte, so each test controls every header field.</summary>
internal static class IdxTestFiles
{
    public const int ImageMagic = 2051;
    public const int LabelMagic = 2049;

    public static byte[] Header(params int[] fields)
    {
        var header = new byte[4 * fields.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 * i), fields[i]);
        }

        return header;
    }

    /// <summary>An image file whose pixel at flat index i is (i * 7) mod 256.</summary>
    public static byte[] Images(int count, int rows, int columns)
    {
        var pixels = Enumerable.Range(0, count * rows * columns)
            .Select(i => (byte)(i * 7))
            .ToArray();
        return [.. Header(ImageMagic, count, rows, columns), .. pixels];
    }

    public static byte[] Labels(params byte[] labels) =>
        [.. Header(LabelMagic, labels.Length), .. labels];

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}

/// <summary>A fresh folder under the system temporary folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("policyengine-ml-data-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes a file into the folder, gzip-compressed when asked, and returns its path.</summary>
    public string Write(string name, byte[] bytes, bool gzip = false)
    {
        string path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, gzip ? IdxTestFiles.Gzip(bytes) : bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
