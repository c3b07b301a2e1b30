using System.Numerics.Tensors;
using static PolicyEngine.Ml.Data.Counts;

namespace PolicyEngine.Ml.Data;

/// <summary>
/// An MNIST-format dataset (MNIST, Fashion-MNIST) loaded from the four standard IDX files of
/// one folder, with the SHA-256 of each file read.
/// </summary>
public sealed class MnistDataset
{
    /// <summary>Standard file names without the optional <c>.gz</c> suffix, in load order.</summary>
    public static readonly IReadOnlyList<string> StandardFileNames =
    [
        "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte",
    ];

    private MnistDataset(
        string name, string folder, MnistSplit train, MnistSplit test, IReadOnlyList<DatasetFile> files)
    {
        Name = name;
        Folder = folder;
        Train = train;
        Test = test;
        Files = files;
    }

    /// <summary>Dataset name for the evidence record, e.g. <c>fashion-mnist</c>.</summary>
    public string Name { get; }

    /// <summary>Full path of the folder the files were read from.</summary>
    public string Folder { get; }

    public MnistSplit Train { get; }

    public MnistSplit Test { get; }

    /// <summary>The four files read, in the order of <see cref="StandardFileNames"/>.</summary>
    public IReadOnlyList<DatasetFile> Files { get; }

    /// <summary>
    /// Loads the four standard files from <paramref name="folder"/>. Each file may be raw or
    /// gzip-compressed. When both <c>NAME</c> and <c>NAME.gz</c> exist, the raw file is read.
    /// </summary>
    /// <param name="name">Dataset name, by default the folder's name.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A file is missing, and the message names it.</exception>
    /// <exception cref="IdxFormatException">
    /// A file is invalid, or the files do not fit together.
    /// </exception>
    public static MnistDataset Load(string folder, string? name = null)
    {
        string fullFolder = Path.GetFullPath(folder);
        if (!Directory.Exists(fullFolder))
        {
            throw new DirectoryNotFoundException(
                $"The data folder '{fullFolder}' does not exist. Pass a folder that contains " +
                $"the MNIST IDX files {ListFileNames()}.");
        }

        var paths = StandardFileNames.Select(file => FindFile(fullFolder, file)).ToArray();
        var trainImages = IdxReader.ReadImages(paths[0]);
        var trainLabels = IdxReader.ReadLabels(paths[1]);
        var testImages = IdxReader.ReadImages(paths[2]);
        var testLabels = IdxReader.ReadLabels(paths[3]);

        CheckSameCount(trainImages, trainLabels);
        CheckSameCount(testImages, testLabels);
        CheckSameImageSize(trainImages, testImages);

        DatasetFile[] files =
        [
            ToDatasetFile(trainImages.FilePath, trainImages.Sha256),
            ToDatasetFile(trainLabels.FilePath, trainLabels.Sha256),
            ToDatasetFile(testImages.FilePath, testImages.Sha256),
            ToDatasetFile(testLabels.FilePath, testLabels.Sha256),
        ];
        return new MnistDataset(
            name ?? NameOf(fullFolder),
            fullFolder,
            ToSplit(trainImages, trainLabels),
            ToSplit(testImages, testLabels),
            files);
    }

    private static string FindFile(string folder, string fileName)
    {
        string raw = Path.Combine(folder, fileName);
        if (File.Exists(raw))
        {
            return raw;
        }

        string gzip = raw + ".gz";
        if (File.Exists(gzip))
        {
            return gzip;
        }

        throw new FileNotFoundException(
            $"The MNIST file '{fileName}' (or '{fileName}.gz') is missing from '{folder}'. " +
            $"The folder needs {ListFileNames()}, each raw or gzip-compressed.",
            raw);
    }

    /// <summary>Returns the default dataset name: the folder's name, or the path for a root.</summary>
    internal static string NameOf(string folder)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        return name.Length > 0 ? name : folder;
    }

    private static DatasetFile ToDatasetFile(string path, string sha256) =>
        new(Path.GetFileName(path), sha256);

    private static string ListFileNames() => string.Join(", ", StandardFileNames);

    private static void CheckSameCount(IdxImages images, IdxLabels labels)
    {
        if (images.Count != labels.Labels.Length)
        {
            throw new IdxFormatException(
                labels.FilePath,
                $"contains {Of(labels.Labels.Length, "label")}, but " +
                $"{Path.GetFileName(images.FilePath)} contains {Of(images.Count, "image")}. " +
                "Each image needs one label, so use image and label files from the same release.");
        }
    }

    private static void CheckSameImageSize(IdxImages train, IdxImages test)
    {
        if (train.Rows != test.Rows || train.Columns != test.Columns)
        {
            throw new IdxFormatException(
                test.FilePath,
                $"contains images of {test.Rows}x{test.Columns} pixels, but " +
                $"{Path.GetFileName(train.FilePath)} contains images of " +
                $"{train.Rows}x{train.Columns}. Training and test images must have the same size, " +
                "so use files from the same dataset.");
        }
    }

    private static MnistSplit ToSplit(IdxImages images, IdxLabels labels)
    {
        var pixels = new float[images.Pixels.Length];
        TensorPrimitives.ConvertChecked<byte, float>(images.Pixels, pixels);
        TensorPrimitives.Divide(pixels, 255f, pixels);
        return new MnistSplit(pixels, labels.Labels, images.Rows, images.Columns);
    }
}
