using System.Security.Cryptography;
using PolicyEngine.Ml.Data;
using static PolicyEngine.Ml.Tests.Data.IdxTestFiles;

namespace PolicyEngine.Ml.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ReadImages_ValidFile_ReturnsHeaderAndPixels()
    {
        string path = folder.Write("images", Images(count: 3, rows: 2, columns: 4));

        var images = IdxReader.ReadImages(path);

        Assert.Equal(path, images.FilePath);
        Assert.Equal(3, images.Count);
        Assert.Equal(2, images.Rows);
        Assert.Equal(4, images.Columns);
        Assert.Equal(Images(3, 2, 4)[16..], images.Pixels);
    }

    [Fact]
    public void ReadLabels_ValidFile_ReturnsLabels()
    {
        string path = folder.Write("labels", Labels(0, 9, 5));

        var labels = IdxReader.ReadLabels(path);

        Assert.Equal([0, 9, 5], labels.Labels);
    }

    [Fact]
    public void ReadImages_GzipAndRaw_GiveSamePixels()
    {
        var bytes = Images(count: 5, rows: 3, columns: 3);
        string rawPath = folder.Write("raw", bytes);
        string gzipPath = folder.Write("packed", bytes, gzip: true);

        var raw = IdxReader.ReadImages(rawPath);
        var gzip = IdxReader.ReadImages(gzipPath);

        Assert.Equal(raw.Count, gzip.Count);
        Assert.Equal(raw.Rows, gzip.Rows);
        Assert.Equal(raw.Columns, gzip.Columns);
        Assert.Equal(raw.Pixels, gzip.Pixels);
    }

    [Fact]
    public void ReadLabels_GzipWithoutSuffix_Reads()
    {
        string path = folder.Write("labels-no-suffix", Labels(1, 2, 3), gzip: true);

        var labels = IdxReader.ReadLabels(path);

        Assert.Equal([1, 2, 3], labels.Labels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImages_Sha256_HashesStoredFile(bool gzip)
    {
        string path = folder.Write("images", Images(2, 2, 2), gzip);
        string expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        var images = IdxReader.ReadImages(path);

        Assert.Equal(expected, images.Sha256);
    }

    [Fact]
    public void ReadLabels_Sha256_HashesStoredGzipFile()
    {
        string path = folder.Write("labels.gz", Labels(4, 4), gzip: true);
        string expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        var labels = IdxReader.ReadLabels(path);

        Assert.Equal(expected, labels.Sha256);
    }

    [Fact]
    public void ReadImages_WrongMagic_NamesFileAndMagic()
    {
        string path = folder.Write("images", Labels(1, 2, 3, 4, 5, 6, 7, 8));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message);
        Assert.Contains("expected magic number 2051", error.Message);
        Assert.Contains("found 2049", error.Message);
        Assert.Contains("swapped", error.Message);
    }

    [Fact]
    public void ReadLabels_WrongMagic_NamesFileAndMagic()
    {
        string path = folder.Write("labels", [.. Header(1234, 2), 0, 1]);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("expected magic number 2049", error.Message);
        Assert.Contains("found 1234", error.Message);
        Assert.Contains("not an MNIST IDX file", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImages_TruncatedHeader_ReportsHeaderLength(bool gzip)
    {
        string path = folder.Write("images", Header(ImageMagic, 1)[..7], gzip);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("header is truncated", error.Message);
        Assert.Contains("16-byte header", error.Message);
        Assert.Contains("only 7 bytes", error.Message);
    }

    [Fact]
    public void ReadLabels_EmptyFile_ReportsTruncatedHeader()
    {
        string path = folder.Write("labels", []);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("8-byte header", error.Message);
        Assert.Contains("only 0 bytes", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImages_TruncatedData_ReportsExpectedAndFoundBytes(bool gzip)
    {
        // 1,000 images of 2 x 2 need 4,000 bytes, but only the first 3,000 are written.
        var bytes = Images(count: 1000, rows: 2, columns: 2)[..(16 + 3000)];
        string path = folder.Write("images", bytes, gzip);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("1,000 images of 2x2 pixels", error.Message);
        Assert.Contains("needs 4,000 bytes after the 16-byte header", error.Message);
        Assert.Contains("has only 3,000 bytes of data", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadLabels_TruncatedData_ReportsExpectedAndFoundBytes(bool gzip)
    {
        string path = folder.Write("labels", [.. Header(LabelMagic, 10), 1, 2, 3], gzip);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("needs 10 bytes", error.Message);
        Assert.Contains("has only 3 bytes of data", error.Message);
    }

    [Fact]
    public void ReadImages_TruncatedGzip_SaysAfterDecompression()
    {
        string path = folder.Write("images", Images(4, 2, 2)[..20], gzip: true);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains("after gzip decompression", error.Message);
    }

    [Theory]
    [InlineData(0, 28, 28, "declares 0 images")]
    [InlineData(-1, 28, 28, "declares -1 images")]
    [InlineData(10, 0, 28, "images of 0x28 pixels")]
    [InlineData(10, 28, 0, "images of 28x0 pixels")]
    [InlineData(10, -28, 28, "images of -28x28 pixels")]
    public void ReadImages_ZeroOrNegativeDimension_Rejects(
        int count, int rows, int columns, string expected)
    {
        string path = folder.Write("images", Header(ImageMagic, count, rows, columns));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ReadLabels_ZeroCount_Rejects()
    {
        string path = folder.Write("labels", Header(LabelMagic, 0));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("declares 0 labels", error.Message);
    }

    [Fact]
    public void ReadImages_HugeImageSize_Rejects()
    {
        string path = folder.Write("images", Header(ImageMagic, 1, 65536, 65536));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains("65,536x65,536 pixels", error.Message);
        Assert.Contains("1,048,576 pixels per image", error.Message);
    }

    [Fact]
    public void ReadImages_HugeCount_Rejects()
    {
        string path = folder.Write("images", Header(ImageMagic, int.MaxValue, 28, 28), gzip: true);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains("2,147,483,647 images of 28x28 pixels", error.Message);
        Assert.Contains("one array can hold", error.Message);
    }

    [Fact]
    public void ReadImages_OverstatedGzipCount_AllocatesLittle()
    {
        // The header claims 1,000,000 images of 28 x 28 (784 MB) but carries 10 images.
        var bytes = Images(count: 10, rows: 28, columns: 28);
        Header(ImageMagic, 1_000_000, 28, 28).CopyTo(bytes, 0);
        string path = folder.Write("images.gz", bytes, gzip: true);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("has only 7,840 bytes of data", error.Message);
        Assert.True(allocated < 16 << 20, $"reading allocated {allocated:N0} bytes");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImages_TrailingBytes_Rejects(bool gzip)
    {
        string path = folder.Write("images", [.. Images(2, 2, 2), 9, 9, 9], gzip);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("found 3 bytes after the 8 bytes of data", error.Message);
        Assert.Contains("2 images of 2x2 pixels", error.Message);
    }

    [Fact]
    public void ReadLabels_TrailingBytes_Rejects()
    {
        string path = folder.Write("labels", [.. Labels(1, 2), 3]);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("found 1 byte after the 2 bytes of data", error.Message);
    }

    [Fact]
    public void ReadLabels_LabelTen_NamesLabelAndIndex()
    {
        string path = folder.Write("labels", Labels(0, 9, 10, 3, 200));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("label 10 at index 2 is outside 0..9", error.Message);
        Assert.Contains("2 invalid labels in all", error.Message);
    }

    [Fact]
    public void ReadImages_DamagedGzip_Rejects()
    {
        var packed = Gzip(Images(20, 4, 4));
        for (int i = 10; i < packed.Length - 8; i++)
        {
            packed[i] = 0xff;
        }

        string path = folder.Write("images.gz", packed);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("gzip data is invalid", error.Message);
    }

    [Fact]
    public void ReadImages_MissingFile_ThrowsFileNotFound()
    {
        string path = Path.Combine(folder.Path, "absent");

        var error = Assert.Throws<FileNotFoundException>(() => IdxReader.ReadImages(path));

        Assert.Equal(path, error.FileName);
    }
}
