namespace MonitorSim.Sizing.Planning;

/// <summary>
/// What one load step measured over its steady window (warm-up excluded): offered and completed operations per second,
/// latency per operation, CPU seconds per process and per role, GC, memory, journal writes, and the SLO verdicts.
/// </summary>
/// <param name="LoadFactor">The multiple of the scenario's rates this step offered.</param>
/// <param name="SteadySeconds">Wall seconds of the steady window the resource figures cover.</param>
/// <param name="CpuSeconds">CPU seconds the whole process spent in the steady window (every role).</param>
/// <param name="GeneratorCpuSeconds">CPU seconds of the load generator's thread (the load role) over the same steady window; null where the operating
/// system does not tell a thread's CPU time.</param>
/// <param name="JournalRows">Journal rows written in the steady window; null when the store cannot be counted.</param>
/// <param name="WorkingSetMb">The process's working set at the end of the step (the coordinator's, in a multi-node step).</param>
/// <param name="Nodes">Nodes of the cluster the step ran on. In a multi-node step <see cref="CpuSeconds"/> and
/// <see cref="GeneratorCpuSeconds"/> are sums over every node's process.</param>
/// <param name="NodeCpu">Each node's share of <see cref="CpuSeconds"/> in a multi-node step; null on one node.</param>
/// <param name="GcPauseSeconds">Seconds the runtime held every thread of the process for a collection over the steady
/// window (<c>GC.GetTotalPauseDuration</c>); null on several nodes (each node's own pauses are not reported).</param>
/// <param name="Bursts">Where the generator issued in bursts (a drain probe): the steady window's bursts, each timed from
/// the generator's wake to its first and last completions; null otherwise.</param>
public sealed record StepMeasurement(
    int Number,
    double LoadFactor,
    double SteadySeconds,
    double OfferedPerSecond,
    double CompletedPerSecond,
    long Failed,
    long Dropped,
    IReadOnlyDictionary<string, OperationFigures> Operations,
    double CpuSeconds,
    double? GeneratorCpuSeconds,
    int Gen0,
    int Gen1,
    int Gen2,
    double AllocatedMb,
    double WorkingSetMb,
    long? JournalRows,
    double GeneratorLagP99Ms,
    IReadOnlyList<SloVerdict> Slo,
    int Nodes = 1,
    IReadOnlyList<NodeCpu>? NodeCpu = null,
    double? GcPauseSeconds = null,
    BurstFigures? Bursts = null)
{
    /// <summary>How long the trial waited for the tree to be quiet before its window (<see cref="TrialQuiet"/>); null where
    /// it did not wait (a run without the wait, a report read from before it).</summary>
    public TrialQuiet? QuietBefore { get; init; }

    /// <summary>Each node's SQLite journal writer over the steady window; null on a store without one (memory, PostgreSQL)
    /// or in a report read from before it was measured.</summary>
    public IReadOnlyList<NodeJournalWriter>? JournalWriter { get; init; }

    /// <summary>The node whose journal writer spent the largest share of the steady window inside transactions; null
    /// without <see cref="JournalWriter"/>.</summary>
    public NodeJournalWriter? BusiestJournalWriter => JournalWriter?.MaxBy(w => w.HoldSeconds);

    /// <summary>Share of the steady window the process spent paused for collections; null when not measured.</summary>
    public double? GcPausedShare => GcPauseSeconds is { } p && SteadySeconds > 0 ? p / SteadySeconds : null;

    /// <summary>Whether every SLO held in this step (true when there are none).</summary>
    public bool SloHeld => Slo.All(s => s.Passed);

    /// <summary>Share of its limit a latency objective stays under in a trial that <see cref="BrokeOnLossAlone"/>.</summary>
    public const double LossAloneLatencyShare = 0.5;

    /// <summary>
    /// The trial broke its SLO on lost or failed operations alone (timed out, dropped, failed) while every latency
    /// objective held at under half its limit. That is not overload: a tree near its capacity queues first, and its
    /// percentiles rise towards their limits before it loses anything; this one lost operations it was not too busy to
    /// answer — a defect (on 2026-12-07 the tree's entities were stopped every two minutes and what was on its way to them
    /// was lost: trials at a fifth of the capacity failed on 3 timed-out operations, alarm p99 50 ms of 250). The search
    /// still counts the trial as failed; the report says which trials these were, as a capacity bounded by them is a
    /// defect's, not the hardware's. False without a latency objective (nothing to say it was not overload).
    /// </summary>
    public bool BrokeOnLossAlone => !SloHeld && Slo.Any(v => v.LatencyLimitMs is not null) &&
        Slo.All(v => v.LatencyLimitMs is not { } limit || (v.Passed && v.Value is { } ms && ms <= limit * LossAloneLatencyShare));

    /// <summary>The verdict of a load tried more than once: held where at least as many of its trials held the SLO as broke
    /// it (a search rechecks a load that failed once, so a transient failure its recheck passed does not fail the load).</summary>
    public static bool HeldByMost(IReadOnlyCollection<StepMeasurement> trialsAtOneLoad)
    {
        ArgumentNullException.ThrowIfNull(trialsAtOneLoad);
        var held = trialsAtOneLoad.Count(s => s.SloHeld);
        return held > 0 && held >= trialsAtOneLoad.Count - held;
    }

    /// <summary>CPU seconds of everything but the load generator's thread: the tree, its journal and the measurement.</summary>
    public double TreeCpuSeconds => Math.Max(0, CpuSeconds - (GeneratorCpuSeconds ?? 0));

    /// <summary>Cores busy on average over the steady window (process CPU seconds per wall second).</summary>
    public double BusyCores => SteadySeconds > 0 ? CpuSeconds / SteadySeconds : 0;

    /// <summary>Cores the tree kept busy on average over the steady window (<see cref="TreeCpuSeconds"/> per wall second).</summary>
    public double TreeBusyCores => SteadySeconds > 0 ? TreeCpuSeconds / SteadySeconds : 0;

    /// <summary>Journal rows written per second of the steady window; null when not counted.</summary>
    public double? JournalWritesPerSecond => JournalRows is { } rows && SteadySeconds > 0 ? rows / SteadySeconds : null;
}

/// <summary>One node's process CPU seconds over a multi-node step's steady window (node 1 is the coordinator).</summary>
public sealed record NodeCpu(int Node, double CpuSeconds);

/// <summary>One node's SQLite journal writer over a step's steady window of <paramref name="SteadySeconds"/>.</summary>
/// <param name="HoldSeconds">Inside transactions, from holding the store's write lock to the commit: the node's persists
/// queue behind this one thread, so a share near 1 is a bottleneck of its own.</param>
/// <param name="LockWaitSeconds">Waiting for the store's write lock while another node's writer held it (several nodes
/// on one SQLite file).</param>
public sealed record NodeJournalWriter(int Node, double HoldSeconds, double LockWaitSeconds, double SteadySeconds)
{
    /// <summary>The share of the window the writer was inside a transaction (its utilisation).</summary>
    public double BusyShare => SteadySeconds > 0 ? HoldSeconds / SteadySeconds : 0;

    /// <summary>The share of the window the writer waited for the store's write lock.</summary>
    public double LockWaitShare => SteadySeconds > 0 ? LockWaitSeconds / SteadySeconds : 0;
}

/// <summary>The bursts of a trial whose generator issued in ticks, each timed from the generator's wake to the last
/// completion of what it issued then: how many, and the medians of their operations, drain time, rate (each burst's by its
/// dispersion, from its first answer to its last) and the wait for their first answer (NaN: not timed).</summary>
public sealed record BurstFigures(int Count, double MedianOperations, double MedianDrainSeconds, double MedianOpsPerSecond,
    double MedianFirstAnswerSeconds = double.NaN);
