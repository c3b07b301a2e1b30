using System.Reflection;
using PolicyEngine.Engine.Scenarios;

namespace PolicyEngine.Engine.Tests;

/// <summary>
/// The one-scenario files in <c>tests/scenarios</c>, read from the source folder whose path the
/// build stores in the test assembly's metadata.
/// </summary>
internal static class ScenarioFiles
{
    public const int MinimumCount = 14;

    public static string Folder { get; } = typeof(ScenarioFiles).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ScenarioFolder").Value!;

    public static IReadOnlyList<string> FileNames =>
        Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    public static string Read(string fileName) => File.ReadAllText(Path.Combine(Folder, fileName));

    public static Scenario Parse(string fileName) =>
        ScenarioRunner.ParseSingle(Path.GetFileNameWithoutExtension(fileName), Read(fileName));

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (string fileName in FileNames)
        {
            data.Add(fileName);
        }

        return data;
    }
}
