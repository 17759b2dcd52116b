using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MonitorSim.Harness.Logging;

/// <summary>Writes log lines to one file in the run's folder, so the console shows progress rather than log spam.</summary>
public sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private readonly StreamWriter _writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    private readonly ConcurrentDictionary<string, FileLogger> _loggers = new();
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, c => new FileLogger(this, c));

    public void Dispose()
    {
        lock (_gate) _writer.Dispose();
    }

    private void Write(string category, LogLevel level, string message, Exception? exception)
    {
        var line = $"{DateTime.UtcNow:O} {level,-11} {category}: {message}";
        lock (_gate)
        {
            if (!_writer.BaseStream.CanWrite) return;
            _writer.WriteLine(line);
            if (exception is not null) _writer.WriteLine(exception);
        }
    }

    private sealed class FileLogger(FileLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Write(category, logLevel, formatter(state, exception), exception);
        }
    }
}
