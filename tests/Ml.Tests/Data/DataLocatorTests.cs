using PolicyEngine.Ml.Data;

namespace PolicyEngine.Ml.Tests.Data;

public sealed class DataLocatorTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string AbsentFolder => Path.Combine(folder.Path, "absent");

    [Fact]
    public void Locate_ExplicitFolder_UsesIt()
    {
        var locator = new DataLocator(folder.Path, [folder.Path]);

        var source = locator.Locate(folder.Path);

        Assert.Equal(DataSourceKind.Folder, source.Kind);
        Assert.Equal(folder.Path, source.Folder);
        Assert.Equal(Path.GetFileName(folder.Path), source.Name);
    }

    [Fact]
    public void Locate_ExplicitFolderMissing_NamesFolder()
    {
        var locator = new DataLocator(folder.Path, [folder.Path]);

        var error = Assert.Throws<DirectoryNotFoundException>(() => locator.Locate(AbsentFolder));

        Assert.Contains(AbsentFolder, error.Message);
        Assert.Contains("--data", error.Message);
    }

    [Fact]
    public void Locate_DebianFolderPresent_UsesIt()
    {
        var locator = new DataLocator(folder.Path, [AppContext.BaseDirectory]);

        var source = locator.Locate(null);

        Assert.Equal(DataSourceKind.DebianPackage, source.Kind);
        Assert.Equal(folder.Path, source.Folder);
        Assert.Equal("fashion-mnist", source.Name);
    }

    [Fact]
    public void Locate_NoDebianFolder_FindsSubsetAboveStart()
    {
        string subset = Path.Combine(folder.Path, "samples", "fashion-mnist-subset");
        Directory.CreateDirectory(subset);
        string start = Directory.CreateDirectory(Path.Combine(folder.Path, "src", "deep")).FullName;
        var locator = new DataLocator(AbsentFolder, [start]);

        var source = locator.Locate(null);

        Assert.Equal(DataSourceKind.RepositorySubset, source.Kind);
        Assert.Equal(subset, source.Folder);
        Assert.Equal("fashion-mnist-subset", source.Name);
    }

    [Fact]
    public void Locate_NothingFound_ListsWhatWasTried()
    {
        var locator = new DataLocator(AbsentFolder, [folder.Path]);

        var error = Assert.Throws<DirectoryNotFoundException>(() => locator.Locate(null));

        Assert.Contains(AbsentFolder, error.Message);
        Assert.Contains("samples/fashion-mnist-subset", error.Message);
        Assert.Contains(folder.Path, error.Message);
        Assert.Contains("--data", error.Message);
    }

    [Fact]
    public void Describe_Subset_NamesFolderAndCounts()
    {
        var locator = new DataLocator(AbsentFolder, [AppContext.BaseDirectory]);
        var source = locator.Locate(null);

        string description = source.Describe(source.Load());

        string expectedFolder =
            Path.Combine(AppContext.BaseDirectory, "samples", "fashion-mnist-subset");
        Assert.Equal(
            $"Fashion-MNIST subset from {expectedFolder} (2,000 training, 500 test images)",
            description);
    }
}
