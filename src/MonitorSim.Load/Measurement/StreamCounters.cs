using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;

namespace MonitorSim.Load.Measurement;

/// <summary>
/// One stream's counts, written from the generator's and the system's threads (hence fields, for Interlocked). Offered
/// and dropped are split at the warm-up, for the timeline (which shows it) and the totals (which do not); completed,
/// failed and timed out count measured operations only. A worker node sends them cumulative in a <see cref="LoadDelta"/>,
/// in <see cref="StreamCounter"/> order, each composite step's count after them.
/// </summary>
internal sealed class StreamCounters(int steps)
{
    public long Offered, OfferedWarm, Dropped, DroppedWarm, Completed, Failed, TimedOut;

    /// <summary>Operations started and not yet answered or timed out (a gauge).</summary>
    public long InFlight;

    /// <summary>Of <see cref="InFlight"/>, those intended after the warm-up.</summary>
    public long InFlightMeasured;

    /// <summary>A composite's steps started after the warm-up, per step.</summary>
    public long[] StepOffered { get; } = new long[steps];

    /// <summary>The measured counts (after warm-up).</summary>
    public OperationCounts Totals() => new(Interlocked.Read(ref Offered), Interlocked.Read(ref Completed), Interlocked.Read(ref Failed),
        Interlocked.Read(ref Dropped), Interlocked.Read(ref TimedOut));

    /// <summary>Every value, in <see cref="StreamCounter"/> order then the steps' counts (gauges never below zero).</summary>
    public long[] Snapshot() => new long[]
    {
        Interlocked.Read(ref Offered), Interlocked.Read(ref OfferedWarm), Interlocked.Read(ref Dropped),
        Interlocked.Read(ref DroppedWarm), Interlocked.Read(ref Completed), Interlocked.Read(ref Failed),
        Interlocked.Read(ref TimedOut), Math.Max(0, Volatile.Read(ref InFlight)), Math.Max(0, Volatile.Read(ref InFlightMeasured)),
    }.Concat(StepOffered).ToArray();

    /// <summary>Adds the counts another node's <see cref="Snapshot"/> <paramref name="now"/> has beyond its
    /// <paramref name="before"/> (null: its first report). Gauges are the other node's own and are not added.</summary>
    public void AddDifference(long[] now, long[]? before)
    {
        long Diff(StreamCounter c) => now[(int)c] - (before?[(int)c] ?? 0);
        Interlocked.Add(ref Offered, Diff(StreamCounter.Offered));
        Interlocked.Add(ref OfferedWarm, Diff(StreamCounter.OfferedWarm));
        Interlocked.Add(ref Dropped, Diff(StreamCounter.Dropped));
        Interlocked.Add(ref DroppedWarm, Diff(StreamCounter.DroppedWarm));
        Interlocked.Add(ref Completed, Diff(StreamCounter.Completed));
        Interlocked.Add(ref Failed, Diff(StreamCounter.Failed));
        Interlocked.Add(ref TimedOut, Diff(StreamCounter.TimedOut));
        var steps = (int)StreamCounter.InFlightMeasured + 1;
        for (var k = 0; k < StepOffered.Length; k++)
            Interlocked.Add(ref StepOffered[k], now[steps + k] - (before?[steps + k] ?? 0));
    }
}
