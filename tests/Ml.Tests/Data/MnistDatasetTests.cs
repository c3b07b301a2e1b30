using System.Security.Cryptography;
using PolicyEngine.Ml.Data;
using static PolicyEngine.Ml.Tests.Data.IdxTestFiles;

namespace PolicyEngine.Ml.Tests.Data;

public sealed class MnistDatasetTests : IDisposable
{
    private static readonly string SubsetFolder =
        Path.Combine(AppContext.BaseDirectory, "samples", "fashion-mnist-subset");

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Load_Subset_HasExpectedCountsAndSize()
    {
        var dataset = MnistDataset.Load(SubsetFolder);

        Assert.Equal("fashion-mnist-subset", dataset.Name);
        Assert.Equal(2000, dataset.Train.Count);
        Assert.Equal(500, dataset.Test.Count);
        Assert.Equal(28, dataset.Train.Rows);
        Assert.Equal(28, dataset.Train.Columns);
        Assert.Equal(28, dataset.Test.Rows);
        Assert.Equal(28, dataset.Test.Columns);
        Assert.Equal(2000 * 28 * 28, dataset.Train.Images.Length);
        Assert.Equal(500 * 28 * 28, dataset.Test.Images.Length);
    }

    [Fact]
    public void Load_Subset_PixelsAreScaledToUnitInterval()
    {
        var dataset = MnistDataset.Load(SubsetFolder);

        Assert.All(dataset.Train.Images, pixel => Assert.InRange(pixel, 0f, 1f));
        Assert.Equal(1f, dataset.Train.Images.Max());
        Assert.Equal(0f, dataset.Train.Images.Min());
    }

    [Fact]
    public void Load_Subset_LabelsCoverAllTenClasses()
    {
        var dataset = MnistDataset.Load(SubsetFolder);

        Assert.Equal(Enumerable.Range(0, 10), Classes(dataset.Train.Labels));
        Assert.Equal(Enumerable.Range(0, 10), Classes(dataset.Test.Labels));
    }

    [Fact]
    public void Load_Subset_RecordsSha256OfEachFile()
    {
        var dataset = MnistDataset.Load(SubsetFolder);

        string[] expectedNames =
        [
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz",
        ];
        Assert.Equal(expectedNames, dataset.Files.Select(file => file.FileName));
        foreach (var file in dataset.Files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(SubsetFolder, file.FileName));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.Sha256);
        }
    }

    [Fact]
    public void Load_RawAndGzip_GiveSameData()
    {
        foreach (string name in MnistDataset.StandardFileNames)
        {
            var packed = File.ReadAllBytes(Path.Combine(SubsetFolder, name + ".gz"));
            folder.Write(name, Gunzip(packed));
        }

        var gzip = MnistDataset.Load(SubsetFolder);
        var raw = MnistDataset.Load(folder.Path);

        Assert.Equal(gzip.Train.Images, raw.Train.Images);
        Assert.Equal(gzip.Train.Labels, raw.Train.Labels);
        Assert.Equal(gzip.Test.Images, raw.Test.Images);
        Assert.Equal(gzip.Test.Labels, raw.Test.Labels);
        Assert.Equal("train-images-idx3-ubyte", raw.Files[0].FileName);
    }

    [Fact]
    public void Load_ScalesPixelsByDividingBy255()
    {
        WriteSmallDataset(
            trainImages: [.. Header(ImageMagic, 3, 1, 1), 0, 51, 255],
            testImages: [.. Header(ImageMagic, 2, 1, 1), 0, 0]);

        var dataset = MnistDataset.Load(folder.Path);

        Assert.Equal([0f, 51f / 255f, 1f], dataset.Train.Images);
        Assert.Equal([51f / 255f], dataset.Train.Image(1).ToArray());
    }

    [Fact]
    public void Load_CountMismatch_NamesBothFiles()
    {
        WriteSmallDataset(trainLabels: Labels(1, 2));

        var error = Assert.Throws<IdxFormatException>(() => MnistDataset.Load(folder.Path));

        Assert.EndsWith("train-labels-idx1-ubyte", error.FilePath);
        Assert.Contains("contains 2 labels", error.Message);
        Assert.Contains("train-images-idx3-ubyte contains 3 images", error.Message);
    }

    [Fact]
    public void Load_TestImagesOfOtherSize_Rejects()
    {
        WriteSmallDataset(testImages: Images(count: 2, rows: 3, columns: 3));

        var error = Assert.Throws<IdxFormatException>(() => MnistDataset.Load(folder.Path));

        Assert.EndsWith("t10k-images-idx3-ubyte", error.FilePath);
        Assert.Contains("images of 3x3 pixels", error.Message);
        Assert.Contains("images of 2x2", error.Message);
    }

    [Theory]
    [InlineData("train-images-idx3-ubyte")]
    [InlineData("train-labels-idx1-ubyte")]
    [InlineData("t10k-images-idx3-ubyte")]
    [InlineData("t10k-labels-idx1-ubyte")]
    public void Load_MissingFile_NamesFile(string missing)
    {
        WriteSmallDataset();
        File.Delete(Path.Combine(folder.Path, missing));

        var error = Assert.Throws<FileNotFoundException>(() => MnistDataset.Load(folder.Path));

        Assert.Equal(Path.Combine(folder.Path, missing), error.FileName);
        Assert.Contains($"'{missing}' (or '{missing}.gz') is missing", error.Message);
        Assert.Contains(folder.Path, error.Message);
    }

    [Fact]
    public void Load_RawAndGzipBothPresent_ReadsRaw()
    {
        WriteSmallDataset();
        folder.Write("train-labels-idx1-ubyte.gz", Labels(9, 9, 9), gzip: true);

        var dataset = MnistDataset.Load(folder.Path);

        Assert.Equal([1, 2, 3], dataset.Train.Labels);
        Assert.Equal("train-labels-idx1-ubyte", dataset.Files[1].FileName);
    }

    [Fact]
    public void Load_MissingFolder_ThrowsDirectoryNotFound()
    {
        string absent = Path.Combine(folder.Path, "absent");

        var error = Assert.Throws<DirectoryNotFoundException>(() => MnistDataset.Load(absent));

        Assert.Contains(absent, error.Message);
    }

    [Fact]
    public void Load_NameGiven_UsesIt()
    {
        WriteSmallDataset();

        var dataset = MnistDataset.Load(folder.Path, "tiny");

        Assert.Equal("tiny", dataset.Name);
    }

    private static IEnumerable<int> Classes(byte[] labels) =>
        labels.Select(label => (int)label).Distinct().Order();

    /// <summary>
    /// Writes a valid raw dataset of 3 training and 2 test images of 2 x 2, with any file given
    /// in place of the valid one.
    /// </summary>
    private void WriteSmallDataset(
        byte[]? trainImages = null,
        byte[]? trainLabels = null,
        byte[]? testImages = null,
        byte[]? testLabels = null)
    {
        folder.Write("train-images-idx3-ubyte", trainImages ?? Images(count: 3, rows: 2, columns: 2));
        folder.Write("train-labels-idx1-ubyte", trainLabels ?? Labels(1, 2, 3));
        folder.Write("t10k-images-idx3-ubyte", testImages ?? Images(count: 2, rows: 2, columns: 2));
        folder.Write("t10k-labels-idx1-ubyte", testLabels ?? Labels(4, 5));
    }
}
