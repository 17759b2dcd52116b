using MonitorSim.Domain.Time;

namespace MonitorSim.Load.Scenarios;

/// <summary>
/// The scenario's <c>chaos:</c> section: how many faults of each kind to inject at seeded random times between
/// <paramref name="From"/> and <paramref name="Until"/> (wall time from the run's start), at least <paramref name="Gap"/>
/// apart so each can be recovered from before the next, each lasting between <paramref name="MinFor"/> and
/// <paramref name="MaxFor"/>. <see cref="ChaosPlan"/> turns it into faults once the run's node count is known.
/// </summary>
/// <param name="Seed">The draw's seed; null: the scenario's seed.</param>
/// <param name="Line">Line of the section in its YAML file (0 when built in code).</param>
public sealed record ChaosSpec(
    int? Seed,
    TimeSpan From,
    TimeSpan Until,
    TimeSpan Gap,
    int Kills,
    int Freezes,
    int Partitions,
    int StoreOutages,
    TimeSpan MinFor,
    TimeSpan MaxFor,
    int Line = 0)
{
    public int Count => Kills + Freezes + Partitions + StoreOutages;

    /// <summary>Every reason the section cannot be drawn (empty when it can), each naming the field.</summary>
    public IReadOnlyList<(string Field, string Message)> Problems(TimeSpan duration)
    {
        var problems = new List<(string, string)>();
        if (Until <= From) problems.Add(("until", $"must be after from ({Durations.Format(From)})"));
        if (Until > duration) problems.Add(("until", $"must not be after the end of the run (duration {Durations.Format(duration)})"));
        if (MaxFor < MinFor) problems.Add(("for.max", $"must not be less than for.min ({Durations.Format(MinFor)})"));
        if (Count == 0) problems.Add(("chaos", "asks for no fault: give at least one of kill_node, freeze_node, partition, store_unavailable"));
        else if (Until > From && Gap * (Count - 1) > Until - From)
            problems.Add(("gap", $"{Count} faults {Durations.Format(Gap)} apart need {Durations.Format(Gap * (Count - 1))}, " +
                                 $"more than from–until allows ({Durations.Format(Until - From)})"));
        return problems;
    }
}
