using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace PolicyEngine.Portal.Hosting;

public static class AppSettingsFromOutput
{
    /// <summary>
    /// Loads appsettings.json from the build output when the content root has none. dotnet run
    /// starts the portal in the caller's folder, so that <c>data/</c> is created there, and that
    /// folder contains no settings. The files go first, so environment variables and command-line
    /// arguments still override them.
    /// </summary>
    public static void AddAppSettingsFromOutput(this WebApplicationBuilder builder)
    {
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")))
        {
            return;
        }

        var output = new PhysicalFileProvider(AppContext.BaseDirectory);
        string[] files = ["appsettings.json", $"appsettings.{builder.Environment.EnvironmentName}.json"];
        for (int i = 0; i < files.Length; i++)
        {
            builder.Configuration.Sources.Insert(i, new JsonConfigurationSource
            {
                FileProvider = output,
                Path = files[i],
                Optional = true,
                ReloadOnChange = false,
            });
        }
    }
}
