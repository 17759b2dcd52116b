namespace MonitorSim.Domain.Time;

/// <summary>A sim clock that moves only when told to: for tests of timer rules without sleeping.</summary>
public sealed class ManualSimClock(DateTime start, double compression = 1) : ISimClock
{
    private long _ticks = start.Ticks;

    public double Compression { get; } = compression;

    public DateTime Now => new(Interlocked.Read(ref _ticks), DateTimeKind.Unspecified);

    /// <summary>Moves sim time forward.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
