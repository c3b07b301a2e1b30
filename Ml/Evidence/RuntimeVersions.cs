using System.Reflection;
using Microsoft.ML;

namespace PolicyEngine.Ml.Evidence;

/// <summary>Versions of the runtime and the libraries that an evidence record names.</summary>
public static class RuntimeVersions
{
    /// <summary>Version of the .NET runtime, such as 10.0.12.</summary>
    public static string Dotnet => Environment.Version.ToString();

    /// <summary>
    /// Returns the version of each library the Ml project uses, keyed by package name, read from
    /// the AssemblyInformationalVersion of the loaded assembly. Build metadata after a '+', such
    /// as a commit hash, is dropped.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Libraries()
    {
        return new Dictionary<string, string>
        {
            ["Microsoft.ML"] = VersionOf(typeof(MLContext).Assembly),
            ["System.CommandLine"] = VersionOf(typeof(System.CommandLine.RootCommand).Assembly),
            ["Spectre.Console"] = VersionOf(typeof(Spectre.Console.AnsiConsole).Assembly),
            ["System.Numerics.Tensors"] = VersionOf(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly),
        };
    }

    private static string VersionOf(Assembly assembly)
    {
        string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString();
        if (version is null)
        {
            return "unknown";
        }

        int metadataStart = version.IndexOf('+');
        return metadataStart < 0 ? version : version[..metadataStart];
    }
}
