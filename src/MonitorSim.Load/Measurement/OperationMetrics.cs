using MonitorSim.Domain.Operations;
using MonitorSim.Load.Results;

namespace MonitorSim.Load.Measurement;

/// <summary>Counters and latency series of one operation kind (keepalive, registration, alarm, service_flow).</summary>
public sealed class OperationMetrics(string name)
{
    private long _completed, _failed, _completedTotal, _failedTotal, _timedOut;
    private long _completedSeen, _failedSeen;
    private long _bytesSent, _bytesReceived;

    public string Name { get; } = name;

    /// <summary>Response time: from the intended start.</summary>
    public LatencyRecorder Response { get; } = new();

    /// <summary>Service time: from the actual start.</summary>
    public LatencyRecorder Service { get; } = new();

    public void Completed(bool ok, bool warmUp)
    {
        if (ok) Interlocked.Increment(ref _completed); else Interlocked.Increment(ref _failed);
        if (warmUp) return;
        if (ok) Interlocked.Increment(ref _completedTotal); else Interlocked.Increment(ref _failedTotal);
    }

    /// <summary>Adds one answered exchange's bytes (after warm-up only; the caller decides).</summary>
    public void AddBytes(WireSize size)
    {
        Interlocked.Add(ref _bytesSent, size.Sent);
        Interlocked.Add(ref _bytesReceived, size.Received);
    }

    public ByteCounts Bytes => new(Interlocked.Read(ref _bytesSent), Interlocked.Read(ref _bytesReceived));

    /// <summary>One operation given up on, unanswered within its timeout or by the end of the run: it failed, and timed out
    /// if measured. The caller records its latency, up to when it was given up.</summary>
    public void TimedOut(bool warmUp)
    {
        Completed(false, warmUp);
        if (!warmUp) Interlocked.Increment(ref _timedOut);
    }

    /// <summary><paramref name="count"/> measured operations whose end nobody saw (lost with their node's generator):
    /// failed and timed out, with no latency to record.</summary>
    public void TimedOut(long count)
    {
        Interlocked.Add(ref _timedOut, count);
        Interlocked.Add(ref _failedTotal, count);
    }

    /// <summary>Completed and failed since the last call (reporter thread only).</summary>
    public (long Completed, long Failed) TakeIntervalCounts()
    {
        var c = Interlocked.Read(ref _completed);
        var f = Interlocked.Read(ref _failed);
        var result = (c - _completedSeen, f - _failedSeen);
        _completedSeen = c;
        _failedSeen = f;
        return result;
    }

    /// <summary>How many values <see cref="Counters"/> gives.</summary>
    public const int CounterCount = 7;

    /// <summary>Every counter, cumulative, in a fixed order (for another node to add with <see cref="AddCounters"/>).</summary>
    public long[] Counters() =>
    [
        Interlocked.Read(ref _completed), Interlocked.Read(ref _failed), Interlocked.Read(ref _completedTotal),
        Interlocked.Read(ref _failedTotal), Interlocked.Read(ref _timedOut), Interlocked.Read(ref _bytesSent), Interlocked.Read(ref _bytesReceived),
    ];

    /// <summary>Adds what another node counted since its last <see cref="Counters"/> (the difference of two readings).</summary>
    public void AddCounters(ReadOnlySpan<long> delta)
    {
        Interlocked.Add(ref _completed, delta[0]);
        Interlocked.Add(ref _failed, delta[1]);
        Interlocked.Add(ref _completedTotal, delta[2]);
        Interlocked.Add(ref _failedTotal, delta[3]);
        Interlocked.Add(ref _timedOut, delta[4]);
        Interlocked.Add(ref _bytesSent, delta[5]);
        Interlocked.Add(ref _bytesReceived, delta[6]);
    }

    public OperationCounts Totals(long offered, long dropped) =>
        new(offered, Interlocked.Read(ref _completedTotal), Interlocked.Read(ref _failedTotal), dropped, Interlocked.Read(ref _timedOut));
}
