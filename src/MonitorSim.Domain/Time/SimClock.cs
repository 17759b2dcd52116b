using System.Diagnostics;

namespace MonitorSim.Domain.Time;

/// <summary>Sim clock driven by the wall clock: sim time = start + wall elapsed × compression.</summary>
public sealed class SimClock : ISimClock
{
    private readonly long _wallOrigin;
    private long _shiftTicks;

    public SimClock(DateTime simStart, double compression)
    {
        if (!(compression > 0)) throw new ArgumentOutOfRangeException(nameof(compression), compression, "compression must be > 0");
        SimStart = simStart;
        Compression = compression;
        _wallOrigin = Stopwatch.GetTimestamp();
    }

    /// <summary>The sim instant at which the clock was created.</summary>
    public DateTime SimStart { get; }

    public double Compression { get; }

    public DateTime Now => SimStart + TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks) + (long)(Stopwatch.GetElapsedTime(_wallOrigin).Ticks * Compression));

    /// <summary>Moves sim time forward in one jump (e.g. to the next sim day when the store's history is later).</summary>
    public void Shift(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), by, "sim time never runs backwards");
        Interlocked.Add(ref _shiftTicks, by.Ticks);
    }
}
