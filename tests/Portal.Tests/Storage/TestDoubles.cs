using Microsoft.Extensions.Logging;

namespace PolicyEngine.Portal.Tests.Storage;

/// <summary>A clock that stays where the test puts it.</summary>
public sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan step) => Now += step;
}

/// <summary>A logger that keeps every entry, with its named placeholder values, for assertions.</summary>
public sealed class CollectingLogger<T> : ILogger<T>
{
    private readonly List<LogEntry> _entries = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        var entry = new LogEntry(logLevel, formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value));
        lock (_entries)
        {
            _entries.Add(entry);
        }
    }
}

public sealed record LogEntry(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values);
