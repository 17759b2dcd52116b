using System.Collections.Concurrent;
using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;

namespace MonitorSim.Load.Replay;

/// <summary>
/// <c>run --record FILE</c>: every operation the engine offers, in the incident log's CSV format, timed by its intended
/// start on the wall clock (the run's start read once, plus the intended offset), so that <c>replay FILE --speed 1</c>
/// offers the same operations in the same order at the same pace. Off the hot path: the generator only stores a
/// 24-byte record in a chunk; full chunks go to a writer thread that formats and writes them (chunks are reused).
/// </summary>
public sealed class OperationRecordWriter : IOperationRecorder, IDisposable
{
    private const int ChunkSize = 16_384;
    private readonly IncidentLogWriter _writer;
    private readonly BlockingCollection<(Entry[] Chunk, int Count)> _full = new();
    private readonly ConcurrentBag<Entry[]> _free = [];
    private readonly Thread _thread;
    private Entry[] _chunk = new Entry[ChunkSize];
    private int _count;
    private long _originUtcTicks;
    private int _offsetMinutes;
    private double _logTicksPerStopwatchTick;
    private Exception? _failure;
    private bool _disposed;

    public OperationRecordWriter(string path)
    {
        Path = path;
        _writer = new IncidentLogWriter(path);
        _thread = new Thread(Drain) { Name = "operation-recorder", IsBackground = true };
        _thread.Start();
    }

    public string Path { get; }

    /// <summary>Operations recorded so far (written once disposed).</summary>
    public long Recorded { get; private set; }

    public void Started(long runStart)
    {
        var now = DateTimeOffset.Now;
        var sinceStart = Stopwatch.GetElapsedTime(runStart, Stopwatch.GetTimestamp());
        _originUtcTicks = now.UtcTicks - sinceStart.Ticks;
        _offsetMinutes = (int)now.Offset.TotalMinutes;
        _logTicksPerStopwatchTick = TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency;
    }

    public void Offered(long intended, OperationKind kind, int subject, int detail)
    {
        _chunk[_count++] = new Entry(intended, kind, subject, detail);
        Recorded++;
        if (_count < ChunkSize) return;
        _full.Add((_chunk, _count));
        _chunk = _free.TryTake(out var reused) ? reused : new Entry[ChunkSize];
        _count = 0;
    }

    private void Drain()
    {
        foreach (var (chunk, count) in _full.GetConsumingEnumerable())
        {
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var e = chunk[i];
                    _writer.Write(_originUtcTicks + (long)(e.Intended * _logTicksPerStopwatchTick), _offsetMinutes, e.Kind, e.Subject, e.Detail);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _failure ??= ex; // reported when the recording is closed; the run itself goes on
            }
            _free.Add(chunk);
        }
    }

    /// <summary>Writes what is left and closes the file; throws the I/O error that stopped the recording, if any.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_count > 0) _full.Add((_chunk, _count));
        _count = 0;
        _full.CompleteAdding();
        _thread.Join();
        _writer.Dispose();
        _full.Dispose();
        if (_failure is not null) throw new IOException($"{Path}: the recording stopped: {_failure.Message}", _failure);
    }

    private readonly record struct Entry(long Intended, OperationKind Kind, int Subject, int Detail);
}
