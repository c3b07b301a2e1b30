using static PolicyEngine.Ml.Data.Counts;

namespace PolicyEngine.Ml.Data;

/// <summary>Where the data of a run comes from.</summary>
public enum DataSourceKind
{
    /// <summary>A folder given explicitly with <c>--data</c>.</summary>
    Folder,

    /// <summary>Full Fashion-MNIST from Debian's <c>dataset-fashion-mnist</c> package.</summary>
    DebianPackage,

    /// <summary>The Fashion-MNIST subset kept in the repository under <c>samples/</c>.</summary>
    RepositorySubset,
}

/// <summary>A resolved data folder, its kind of source and the dataset name it implies.</summary>
public sealed record DataSource(DataSourceKind Kind, string Folder, string Name)
{
    /// <summary>Loads the dataset from <see cref="Folder"/> under <see cref="Name"/>.</summary>
    public MnistDataset Load() => MnistDataset.Load(Folder, Name);

    /// <summary>
    /// Describes the source and the loaded sample counts for the command to print, e.g.
    /// "Fashion-MNIST subset from /repo/samples/fashion-mnist-subset (2,000 training, 500 test
    /// images)".
    /// </summary>
    public string Describe(MnistDataset dataset)
    {
        string counts =
            $"{Format(dataset.Train.Count)} training, {Format(dataset.Test.Count)} test images";
        return Kind switch
        {
            DataSourceKind.DebianPackage =>
                $"Fashion-MNIST from {Folder}, Debian package dataset-fashion-mnist ({counts})",
            DataSourceKind.RepositorySubset => $"Fashion-MNIST subset from {Folder} ({counts})",
            _ => $"MNIST-format data from {Folder} ({counts})",
        };
    }
}
