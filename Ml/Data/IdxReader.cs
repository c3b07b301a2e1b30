using System.Buffers.Binary;
using static PolicyEngine.Ml.Data.Counts;

namespace PolicyEngine.Ml.Data;

/// <summary>
/// Reads the MNIST flavour of the IDX format: unsigned-byte images (magic 2051: magic, count,
/// rows, columns as big-endian int32, then the pixels) and unsigned-byte labels (magic 2049:
/// magic, count, then one byte per label). Files may be raw or gzip-compressed.
/// </summary>
/// <remarks>
/// Every header field is checked before it sizes an allocation, and the data buffer grows only
/// as bytes arrive, so a corrupt header cannot make the reader allocate memory for data that is
/// not in the file. Bytes after the declared data are rejected rather than ignored, because they
/// usually mean a wrong count in the header or two files joined together.
/// </remarks>
public static class IdxReader
{
    /// <summary>Magic number of an image file: 0x0803, unsigned bytes in 3 dimensions.</summary>
    public const int ImageMagic = 2051;

    /// <summary>Magic number of a label file: 0x0801, unsigned bytes in 1 dimension.</summary>
    public const int LabelMagic = 2049;

    /// <summary>Number of classes, so a label is from 0 to <c>ClassCount - 1</c>.</summary>
    public const int ClassCount = 10;

    /// <summary>
    /// Largest rows x columns accepted (1024 x 1024), far above MNIST's 28 x 28, so that only a
    /// corrupt header reaches it.
    /// </summary>
    public const int MaxPixelsPerImage = 1 << 20;

    private const int ImageHeaderLength = 16;
    private const int LabelHeaderLength = 8;
    private const int InitialBufferLength = 1 << 20;

    /// <summary>Reads and checks an IDX image file.</summary>
    /// <exception cref="IdxFormatException">The file is not a valid MNIST image file.</exception>
    public static IdxImages ReadImages(string path)
    {
        using var source = IdxSource.Open(path);
        var header = ReadHeader(source, ImageHeaderLength, ImageMagic, "image");
        int count = header[1];
        int rows = header[2];
        int columns = header[3];

        CheckCount(path, count, "images");
        int length = CheckImageSize(path, count, rows, columns);
        string declared = $"{Of(count, "image")} of {rows}x{columns} pixels";
        var pixels = ReadData(source, ImageHeaderLength, length, declared);

        return new IdxImages(path, source.FinishSha256(), count, rows, columns, pixels);
    }

    /// <summary>Reads and checks an IDX label file, whose labels must all be from 0 to 9.</summary>
    /// <exception cref="IdxFormatException">The file is not a valid MNIST label file.</exception>
    public static IdxLabels ReadLabels(string path)
    {
        using var source = IdxSource.Open(path);
        var header = ReadHeader(source, LabelHeaderLength, LabelMagic, "label");
        int count = header[1];

        CheckCount(path, count, "labels");
        var labels = ReadData(source, LabelHeaderLength, count, Of(count, "label"));
        CheckLabelRange(path, labels);

        return new IdxLabels(path, source.FinishSha256(), labels);
    }

    private static int[] ReadHeader(
        IdxSource source, int headerLength, int expectedMagic, string kind)
    {
        Span<byte> bytes = stackalloc byte[headerLength];
        int found = source.ReadUpTo(bytes);
        if (found < headerLength)
        {
            throw new IdxFormatException(
                source.Path,
                $"the header is truncated: an IDX {kind} file starts with a {headerLength}-byte " +
                $"header, but the file{AfterDecompression(source)} has only {Bytes(found)}. " +
                "The file is incomplete. Download or copy it again.");
        }

        var fields = new int[headerLength / 4];
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 * i)..]);
        }

        CheckMagic(source.Path, fields[0], expectedMagic, kind);
        return fields;
    }

    private static void CheckMagic(string path, int found, int expected, string kind)
    {
        if (found == expected)
        {
            return;
        }

        string hint = found is ImageMagic or LabelMagic
            ? "The image and label files may have been swapped."
            : $"Check that this is an MNIST {kind} file in IDX format.";
        throw new IdxFormatException(
            path,
            $"expected magic number {expected} ({DescribeMagic(expected)}) but found {found} " +
            $"({DescribeMagic(found)}). {hint}");
    }

    private static string DescribeMagic(int magic) => magic switch
    {
        ImageMagic => "an IDX image file",
        LabelMagic => "an IDX label file",
        _ => "not an MNIST IDX file",
    };

    private static void CheckCount(string path, int count, string items)
    {
        if (count <= 0)
        {
            throw new IdxFormatException(
                path,
                $"the header declares {count} {items}, but at least 1 is expected. " +
                "The header is corrupt. Download or copy the file again.");
        }
    }

    /// <summary>Checks the image dimensions and returns the pixel data length in bytes.</summary>
    private static int CheckImageSize(string path, int count, int rows, int columns)
    {
        if (rows <= 0 || columns <= 0)
        {
            throw new IdxFormatException(
                path,
                $"the header declares images of {rows}x{columns} pixels, but rows and columns " +
                "must both be at least 1. The header is corrupt. Download or copy the file again.");
        }

        long pixelsPerImage = (long)rows * columns;
        if (pixelsPerImage > MaxPixelsPerImage)
        {
            throw new IdxFormatException(
                path,
                $"the header declares images of {Format(rows)}x{Format(columns)} pixels, more " +
                $"than the {Format(MaxPixelsPerImage)} pixels per image this reader accepts " +
                "(MNIST images are 28x28). The header is probably corrupt.");
        }

        long length = count * pixelsPerImage;
        if (length > Array.MaxLength)
        {
            throw new IdxFormatException(
                path,
                $"the header declares {Of(count, "image")} of {rows}x{columns} pixels, " +
                $"{Format(length)} bytes in all, more than the {Format(Array.MaxLength)} bytes " +
                "one array can hold. Split the data into smaller files.");
        }

        return (int)length;
    }

    private static byte[] ReadData(IdxSource source, int headerLength, int length, string declared)
    {
        if (source.RawLength is long rawLength)
        {
            CheckRawLength(source.Path, rawLength - headerLength, length, headerLength, declared);
        }

        // The buffer doubles as data arrives, so memory follows the bytes actually present (peak
        // about three times that, at least 1 MiB) rather than the header's count. This matters
        // for gzip, whose decompressed length is not known before it is read.
        var buffer = new byte[Math.Min(length, InitialBufferLength)];
        int filled = source.ReadUpTo(buffer);
        while (filled == buffer.Length && buffer.Length < length)
        {
            Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
            filled += source.ReadUpTo(buffer.AsSpan(filled));
        }

        if (filled < length)
        {
            throw Truncated(source, filled, length, headerLength, declared);
        }

        CheckNoTrailingBytes(source, length, declared);
        return buffer;
    }

    private static void CheckRawLength(
        string path, long available, int length, int headerLength, string declared)
    {
        if (available < length)
        {
            string message = TruncatedMessage(available, length, headerLength, declared, "");
            throw new IdxFormatException(path, message);
        }

        if (available > length)
        {
            string message = TrailingMessage(Bytes(available - length), length, declared);
            throw new IdxFormatException(path, message);
        }
    }

    private static void CheckNoTrailingBytes(IdxSource source, int length, string declared)
    {
        // Counting stops at 64 KiB so that a gzip bomb after the data cannot keep the reader busy.
        var probe = new byte[1 << 16];
        int trailing = source.ReadUpTo(probe);
        if (trailing == 0)
        {
            return;
        }

        string amount = trailing < probe.Length ? Bytes(trailing) : $"at least {Bytes(trailing)}";
        throw new IdxFormatException(source.Path, TrailingMessage(amount, length, declared));
    }

    private static IdxFormatException Truncated(
        IdxSource source, long found, int length, int headerLength, string declared) =>
        new(
            source.Path,
            TruncatedMessage(found, length, headerLength, declared, AfterDecompression(source)));

    private static string TruncatedMessage(
        long found, int length, int headerLength, string declared, string afterDecompression) =>
        $"the data is truncated: the header declares {declared}, which needs {Bytes(length)} " +
        $"after the {headerLength}-byte header, but the file{afterDecompression} has only " +
        $"{Bytes(found)} of data. The file is incomplete. Download or copy it again.";

    private static string TrailingMessage(string amount, int length, string declared) =>
        $"found {amount} after the {Bytes(length)} of data that the header declares " +
        $"({declared}). The count in the header may be wrong or another file may have been " +
        "appended. Use the original file.";

    private static void CheckLabelRange(string path, byte[] labels)
    {
        int first = Array.FindIndex(labels, label => label >= ClassCount);
        if (first < 0)
        {
            return;
        }

        int invalid = labels.Count(label => label >= ClassCount);
        throw new IdxFormatException(
            path,
            $"label {labels[first]} at index {Format(first)} is outside 0..{ClassCount - 1} " +
            $"({Of(invalid, "invalid label")} in all). MNIST and Fashion-MNIST have " +
            $"{ClassCount} classes. Check that this is an MNIST label file.");
    }

    private static string AfterDecompression(IdxSource source) =>
        source.IsGzip ? " after gzip decompression" : "";

    private static string Bytes(long count) => Of(count, "byte");
}
