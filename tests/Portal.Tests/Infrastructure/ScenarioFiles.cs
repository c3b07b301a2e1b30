using System.Reflection;

namespace PolicyEngine.Portal.Tests.Infrastructure;

/// <summary>
/// The one-scenario files in <c>tests/scenarios</c>, read from the source folder whose path the
/// build stores in the test assembly's metadata.
/// </summary>
public static class ScenarioFiles
{
    public static string Folder { get; } = typeof(ScenarioFiles).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ScenarioFolder").Value!;

    public static string Read(string fileName) => File.ReadAllText(Path.Combine(Folder, fileName));

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }
}
