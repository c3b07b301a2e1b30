namespace PolicyEngine.Ml.Data;

/// <summary>
/// Resolves the data folder of a run. It takes the folder given with <c>--data</c>, else the full
/// Fashion-MNIST of Debian's <c>dataset-fashion-mnist</c> package when its folder exists, else
/// the Fashion-MNIST subset in the repository's <c>samples/fashion-mnist-subset</c>.
/// </summary>
/// <remarks>
/// The subset is found by walking up from the current directory, then up from
/// <see cref="AppContext.BaseDirectory"/>, to the first folder that contains
/// <c>samples/fashion-mnist-subset</c>. That finds it from anywhere inside a checkout and from a
/// build output that has the subset copied next to the assembly, as the test project does.
/// A source that exists but is broken raises an error when loaded, because the locator never
/// falls back past it to a smaller source.
/// </remarks>
public sealed class DataLocator
{
    /// <summary>Folder of the data in Debian's <c>dataset-fashion-mnist</c> package.</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Path of the subset relative to the repository root.</summary>
    public const string SubsetPath = "samples/fashion-mnist-subset";

    private readonly string debianFolder;
    private readonly IReadOnlyList<string> searchStarts;

    public DataLocator()
        : this(DebianFolder, [Directory.GetCurrentDirectory(), AppContext.BaseDirectory])
    {
    }

    /// <summary>Creates a locator with other folders to try, for tests.</summary>
    internal DataLocator(string debianFolder, IReadOnlyList<string> searchStarts)
    {
        this.debianFolder = debianFolder;
        this.searchStarts = searchStarts;
    }

    /// <summary>Resolves the data folder from the <c>--data</c> value, which may be null.</summary>
    /// <exception cref="DirectoryNotFoundException">
    /// The <c>--data</c> folder does not exist, or no source was given or found.
    /// </exception>
    public DataSource Locate(string? dataFolder)
    {
        if (dataFolder is not null)
        {
            return LocateExplicit(dataFolder);
        }

        if (Directory.Exists(debianFolder))
        {
            return new DataSource(DataSourceKind.DebianPackage, debianFolder, "fashion-mnist");
        }

        string? subset = FindSubset(searchStarts);
        if (subset is not null)
        {
            return new DataSource(DataSourceKind.RepositorySubset, subset, "fashion-mnist-subset");
        }

        throw new DirectoryNotFoundException(
            $"No data found: no --data folder was given, {debianFolder} does not exist (install " +
            $"Debian's dataset-fashion-mnist package), and no {SubsetPath} folder was found " +
            $"in or above {string.Join(" or ", searchStarts)}. Pass --data DIR with a folder that " +
            "contains the four MNIST IDX files.");
    }

    /// <summary>Searches upwards from each start in turn and returns the first subset folder.</summary>
    internal static string? FindSubset(IEnumerable<string> starts)
    {
        foreach (string start in starts)
        {
            var folder = new DirectoryInfo(Path.GetFullPath(start));
            while (folder is not null)
            {
                string candidate = Path.Combine(folder.FullName, SubsetPath);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }

                folder = folder.Parent;
            }
        }

        return null;
    }

    private static DataSource LocateExplicit(string dataFolder)
    {
        string folder = Path.GetFullPath(dataFolder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(
                $"The data folder '{folder}' given with --data does not exist. Pass a folder " +
                "that contains the four MNIST IDX files.");
        }

        return new DataSource(DataSourceKind.Folder, folder, MnistDataset.NameOf(folder));
    }
}
