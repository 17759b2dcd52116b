namespace MonitorSim.Load.Engine;

/// <summary>
/// A deterministic, time-ordered sequence of intended start times (Stopwatch ticks from the run's start) with the
/// population member each one is for (or −1). Computed from the schedule alone, never from how the system responds:
/// that is what makes the offered load exact and the model open.
/// </summary>
public abstract class ArrivalSequence
{
    public const long End = long.MaxValue;

    /// <summary>The next arrival, or <see cref="End"/>.</summary>
    public abstract long Next(out int member);
}
