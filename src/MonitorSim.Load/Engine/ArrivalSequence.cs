using System.Diagnostics.CodeAnalysis;

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
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
        Justification = "No assembly here is consumed from Visual Basic; the name says the next arrival.")]
    public abstract long Next(out int member);
}

/// <summary>A sequence whose arrivals each belong to a population member (devices on their own timers, devices booting).</summary>
public interface IMemberArrivals
{
    /// <summary>Drops every member <paramref name="keep"/> refuses, leaving the others' arrivals exactly where they were.
    /// Called before the first <see cref="ArrivalSequence.Next"/>: a worker node walks only its own members.</summary>
    void KeepOnly(Func<int, bool> keep);
}
