using System.Security.Cryptography;
using System.Text;

namespace PolicyEngine.Ml.Metrics;

/// <summary>
/// Reads a predictions CSV file: a header <c>label,p0,p1,…,pK-1</c> with K at least 2, then one
/// line per sample with its true class in 0..K-1 and K probabilities. Any invalid row rejects the
/// whole file with a <see cref="PredictionsCsvException"/>.
/// </summary>
/// <remarks>
/// A row is invalid when it has the wrong number of columns, when its label is not an integer
/// from 0 to K-1, or when a probability is not a number, is NaN or infinite, lies outside [0, 1],
/// or the row's probabilities do not sum to 1 within <see cref="SumTolerance"/>. Numbers use the
/// invariant culture, with '.' as the decimal point. The file is read as UTF-8 (a byte order mark
/// is allowed) line by line, so its text is never held in memory as a whole. Lines may end in LF
/// or CRLF, and blank lines at the end are ignored. A blank line between rows is invalid.
/// </remarks>
public static class PredictionsCsv
{
    /// <summary>Largest accepted distance of a row's probability sum from 1.</summary>
    public const double SumTolerance = 1e-6;

    /// <summary>Largest number of classes accepted, the limit the portal applies to evidence records too.</summary>
    public const int MaxClassCount = 1000;

    /// <summary>
    /// Reads the file at <paramref name="path"/>. Its file name, without the folder, is the name in
    /// messages and in <see cref="PredictionsTable.FileName"/>.
    /// </summary>
    public static PredictionsTable Read(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path));
    }

    /// <summary>
    /// Reads <paramref name="stream"/> to its end, leaving it open. <paramref name="fileName"/>
    /// names the file in messages and in the result.
    /// </summary>
    public static PredictionsTable Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(fileName);

        using var sha256 = SHA256.Create();
        using var hashedStream = new CryptoStream(stream, sha256, CryptoStreamMode.Read, leaveOpen: true);
        using var reader = new StreamReader(hashedStream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

        var parser = new PredictionsCsvParser(fileName);
        parser.ReadHeader(reader.ReadLine());
        while (reader.ReadLine() is { } line)
        {
            parser.ReadRow(line);
        }

        hashedStream.CopyTo(Stream.Null);
        return parser.Finish(HashOf(sha256));
    }

    /// <summary>
    /// Reads <paramref name="stream"/> to its end asynchronously, leaving it open, for request
    /// bodies that do not allow synchronous reads.
    /// </summary>
    public static async Task<PredictionsTable> ReadAsync(
        Stream stream, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(fileName);

        using var sha256 = SHA256.Create();
        await using var hashedStream = new CryptoStream(stream, sha256, CryptoStreamMode.Read, leaveOpen: true);
        using var reader = new StreamReader(hashedStream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

        var parser = new PredictionsCsvParser(fileName);
        parser.ReadHeader(await reader.ReadLineAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            parser.ReadRow(line);
        }

        await hashedStream.CopyToAsync(Stream.Null, cancellationToken);
        return parser.Finish(HashOf(sha256));
    }

    /// <summary>
    /// Returns the SHA-256 of every byte read, in hex. Callers drain the hashing stream first, so
    /// the hash has processed its final block even if the reader stopped right at the end.
    /// </summary>
    private static string HashOf(SHA256 sha256)
    {
        return Convert.ToHexStringLower(sha256.Hash ?? throw new InvalidOperationException(
            "The SHA-256 of the predictions file was not finalized after reading it to the end."));
    }
}
