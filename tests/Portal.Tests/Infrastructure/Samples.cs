namespace PolicyEngine.Portal.Tests.Infrastructure;

/// <summary>The sample case files of the repository, copied next to the test assembly.</summary>
public static class Samples
{
    public static string CasesFolder => Path.Combine(AppContext.BaseDirectory, "samples", "cases");

    public static IEnumerable<string> CaseFileNames =>
        Directory.GetFiles(CasesFolder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static string ReadCase(string fileName) => File.ReadAllText(Path.Combine(CasesFolder, fileName));

    public static TheoryData<string> CaseFiles()
    {
        var data = new TheoryData<string>();
        foreach (string name in CaseFileNames)
        {
            data.Add(name);
        }

        return data;
    }
}
