namespace MonitorSim.Load.Engine;

/// <summary>How an engine's generator thread issues the load.</summary>
public sealed record GeneratorSettings
{
    /// <summary>Most operations allowed in flight per stream unless the stream sets its own <c>max_in_flight</c>; beyond it
    /// new ones are dropped and counted.</summary>
    public int MaxInFlightPerStream { get; init; } = 200_000;

    /// <summary>How long the generator sleeps when nothing is due (whole milliseconds, at least 1): what falls due within a
    /// tick is issued together when it ends, and the wait is generator lag, in every latency. 1 ms by default, so that
    /// arrivals reach the tree about when they are due. The sizing's demand probes set a longer one: operations then reach
    /// the tree in bursts and queue in its mailboxes, as they do at saturation, so the CPU an operation costs there can be
    /// measured at a light average load.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>The tick in whole milliseconds, at least 1 (what the generator's wait takes).</summary>
    internal int TickMs => Math.Max(1, (int)Math.Round(Tick.TotalMilliseconds));
}
