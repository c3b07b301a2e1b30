using System.IO.Compression;
using System.Security.Cryptography;

namespace PolicyEngine.Ml.Data;

/// <summary>
/// An open IDX file that decompresses gzip on the fly and hashes every byte of the file as it
/// is read, so the SHA-256 describes exactly the bytes the data came from.
/// </summary>
internal sealed class IdxSource : IDisposable
{
    private readonly FileStream file;
    private readonly SHA256 hash;
    private readonly CryptoStream hashedFile;
    private readonly Stream data;

    private IdxSource(string path, FileStream file, bool isGzip)
    {
        Path = path;
        IsGzip = isGzip;
        this.file = file;
        hash = SHA256.Create();
        hashedFile = new CryptoStream(file, hash, CryptoStreamMode.Read, leaveOpen: true);

        // NOTE: GZipStream (.NET 10) decompresses concatenated gzip members but silently skips
        // bytes after the last member that do not start a new one. Such bytes are not rejected,
        // though FinishSha256 still hashes them.
        data = isGzip
            ? new GZipStream(hashedFile, CompressionMode.Decompress, leaveOpen: true)
            : hashedFile;
    }

    public string Path { get; }

    /// <summary>True when the file starts with the gzip signature 0x1f 0x8b.</summary>
    public bool IsGzip { get; }

    /// <summary>Length of a raw file in bytes, or null for gzip, whose length is unknown.</summary>
    public long? RawLength => IsGzip ? null : file.Length;

    /// <summary>Opens the file and detects gzip by its first two bytes, not by its name.</summary>
    public static IdxSource Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            Span<byte> signature = stackalloc byte[2];
            int found = file.ReadAtLeast(signature, signature.Length, throwOnEndOfStream: false);
            file.Position = 0;

            bool isGzip = found == 2 && signature[0] == 0x1f && signature[1] == 0x8b;
            return new IdxSource(path, file, isGzip);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads until <paramref name="buffer"/> is full or the data ends, and returns the number of
    /// bytes read. Damaged gzip data raises <see cref="IdxFormatException"/>.
    /// </summary>
    public int ReadUpTo(Span<byte> buffer)
    {
        try
        {
            return data.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException exception)
        {
            throw new IdxFormatException(
                Path,
                $"the gzip data is invalid ({exception.Message}). " +
                "The file is damaged. Download or copy it again.",
                exception);
        }
    }

    /// <summary>
    /// Reads the rest of the file (gzip trailer and any padding) through the hash and returns the
    /// lower-case hex SHA-256 of the whole file.
    /// </summary>
    public string FinishSha256()
    {
        hashedFile.CopyTo(Stream.Null);
        return Convert.ToHexStringLower(hash.Hash!);
    }

    public void Dispose()
    {
        data.Dispose();
        hashedFile.Dispose();
        hash.Dispose();
        file.Dispose();
    }
}
