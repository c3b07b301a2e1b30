using PolicyEngine.Ml.Data;
using PolicyEngine.Ml.Metrics;

namespace PolicyEngine.Ml.Cli;

/// <summary>A problem with the command's input that the user can fix; printed as one line.</summary>
internal sealed class CommandException(string message) : Exception(message);

internal static class CommandErrors
{
    /// <summary>
    /// Runs a command, turning the failures a user can fix (bad data, bad files, a missing
    /// library) into one line on standard error and exit code 1. Other exceptions propagate.
    /// </summary>
    public static int Run(Func<int> command)
    {
        try
        {
            return command();
        }
        catch (Exception ex) when (ex is CommandException or IdxFormatException or PredictionsCsvException
            or NonFiniteProbabilityException or FileNotFoundException or DirectoryNotFoundException
            or InvalidDataException or DllNotFoundException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(ex.Message);
            return MlCommandLine.Failure;
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"{ex.Message} Check that the --out and --weights paths are writable folders with free space.");
            return MlCommandLine.Failure;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Cancelled; nothing was written.");
            return MlCommandLine.Failure;
        }
    }
}
