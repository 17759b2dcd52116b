namespace MonitorSim.Domain.Time;

/// <summary>Simulated time: every domain timer runs on it; latencies are measured on the wall clock instead.</summary>
public interface ISimClock
{
    /// <summary>Sim seconds that pass per wall second (1 = real time, 60 = an hour a minute).</summary>
    double Compression { get; }

    /// <summary>The current simulated instant.</summary>
    DateTime Now { get; }

    /// <summary>How long the wall clock takes to cover a stretch of sim time.</summary>
    TimeSpan ToWall(TimeSpan simDuration) => TimeSpan.FromTicks((long)(simDuration.Ticks / Compression));

    /// <summary>How much sim time passes during a stretch of wall time.</summary>
    TimeSpan ToSim(TimeSpan wallDuration) => TimeSpan.FromTicks((long)(wallDuration.Ticks * Compression));
}
