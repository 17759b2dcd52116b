using MonitorSim.Load.Targets;

namespace MonitorSim.Load.Engine;

/// <summary>How the engine drives one stream: its plan, where the generator is in its arrivals, its closed-model copies,
/// its random draws and, for a self-test stream, its target. Its counts are in <see cref="Measurement.RunMeasurement"/>.</summary>
internal sealed class StreamState(StreamPlan plan, int seed, ResolvedFeed.Cursor? feed)
{
    public StreamPlan Plan { get; } = plan;

    /// <summary>Seeds the stream's draws and its self-test target's.</summary>
    public int Seed { get; } = seed;

    public ArrivalCursor Cursor { get; } = new(plan.Schedule.Steps);

    public ClosedCopies Closed { get; } = new(plan.Schedule.Closed?.Count ?? 0);

    /// <summary>The self-test target the stream drives, once the run has started; null for a tree stream.</summary>
    public SelfTestRunner? Runner { get; set; }

    /// <summary>The stream's data feed, if any.</summary>
    public ResolvedFeed.Cursor? Feed { get; } = feed;

    /// <summary>Draws what an issued operation carries (its alarm type or service-flow step).</summary>
    public Random Rng { get; } = new StreamRandom(seed);

    /// <summary>Draws operations' subjects; in a multi-node run every node draws for every arrival, so it must only
    /// ever be used for that (what an issued operation draws afterwards, its alarm type or step, uses <see cref="Rng"/>).</summary>
    public Random SubjectRng { get; } = new StreamRandom(unchecked(seed * 17 + 5));

    /// <summary>The stream is split between the nodes' generators by platform (<see cref="LoadShare.Splits"/>).</summary>
    public bool Splits { get; } = LoadShare.Splits(plan);
}
