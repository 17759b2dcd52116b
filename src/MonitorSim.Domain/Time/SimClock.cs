using System.Diagnostics;

namespace MonitorSim.Domain.Time;

/// <summary>Sim clock driven by the wall clock: sim time = start + wall elapsed × compression.</summary>
public sealed class SimClock : ISimClock
{
    private readonly long _wallOrigin;

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

    public DateTime Now => SimStart + TimeSpan.FromTicks((long)(Stopwatch.GetElapsedTime(_wallOrigin).Ticks * Compression));
}
