using System.Diagnostics;

namespace MonitorSim.Domain.Time;

/// <summary>Sim clock driven by the wall clock: sim time = start + wall elapsed × compression.</summary>
public sealed class SimClock : ISimClock
{
    /// <summary>Where sim time stood at a Stopwatch instant; replaced as a whole so readers never see half of a change.</summary>
    private sealed record Anchor(long WallOrigin, DateTime SimAtOrigin);

    private Anchor _anchor;

    public SimClock(DateTime simStart, double compression)
    {
        if (!(compression > 0)) throw new ArgumentOutOfRangeException(nameof(compression), compression, "compression must be > 0");
        SimStart = simStart;
        Compression = compression;
        _anchor = new Anchor(Stopwatch.GetTimestamp(), simStart);
    }

    /// <summary>The sim instant at which the clock was created.</summary>
    public DateTime SimStart { get; }

    public double Compression { get; }

    public DateTime Now
    {
        get
        {
            var a = Volatile.Read(ref _anchor);
            return a.SimAtOrigin + TimeSpan.FromTicks((long)(Stopwatch.GetElapsedTime(a.WallOrigin).Ticks * Compression));
        }
    }

    /// <summary>Moves sim time forward in one jump (e.g. to the next sim day when the store's history is later).</summary>
    public void Shift(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), by, "sim time never runs backwards");
        var a = Volatile.Read(ref _anchor);
        Volatile.Write(ref _anchor, a with { SimAtOrigin = a.SimAtOrigin + by });
    }

    /// <summary>Follows another process's clock, which read <paramref name="simAt"/> at wall instant <paramref name="wallUtc"/>
    /// (processes of one run share the wall clock: one host, or hosts kept in step by NTP).</summary>
    public void Adopt(DateTime simAt, DateTime wallUtc)
    {
        var sinceThen = DateTime.UtcNow - wallUtc;
        var origin = Stopwatch.GetTimestamp() - (long)(sinceThen.Ticks * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));
        Volatile.Write(ref _anchor, new Anchor(origin, simAt));
    }

    /// <summary>A reading to hand to <see cref="Adopt"/> in another process: (sim now, wall now in UTC).</summary>
    public (DateTime SimAt, DateTime WallUtc) Reading() => (Now, DateTime.UtcNow);
}
