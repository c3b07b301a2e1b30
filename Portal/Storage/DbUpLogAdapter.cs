using System.Globalization;
using DbUp.Engine.Output;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// Forwards DbUp's messages to an <see cref="ILogger"/>. DbUp's information messages go out at
/// Debug because <see cref="DatabaseMigrator"/> logs the start, each script and the end itself.
/// </summary>
internal sealed partial class DbUpLogAdapter(ILogger logger) : IUpgradeLog
{
    public void LogTrace(string format, params object[] args) => Write(LogLevel.Trace, null, format, args);

    public void LogDebug(string format, params object[] args) => Write(LogLevel.Debug, null, format, args);

    public void LogInformation(string format, params object[] args) => Write(LogLevel.Debug, null, format, args);

    public void LogWarning(string format, params object[] args) => Write(LogLevel.Warning, null, format, args);

    public void LogError(string format, params object[] args) => Write(LogLevel.Error, null, format, args);

    public void LogError(Exception ex, string format, params object[] args) => Write(LogLevel.Error, ex, format, args);

    private void Write(LogLevel level, Exception? exception, string format, object[] args)
    {
        if (!logger.IsEnabled(level))
        {
            return;
        }

        // DbUp passes composite format strings ("{0}"), not message templates.
        string message = args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
        LogDbUpMessage(level, exception, message);
    }

    [LoggerMessage(Message = "DbUp: {Message}")]
    private partial void LogDbUpMessage(LogLevel level, Exception? exception, string message);
}
