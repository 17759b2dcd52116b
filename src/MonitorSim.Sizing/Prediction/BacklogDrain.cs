using System.Globalization;

namespace MonitorSim.Sizing.Prediction;

/// <summary>
/// One drain probe: a light average load whose generator held what fell due in each tick and issued it at once, so that
/// every tick the tree received a backlog and drained it, then idled until the next.
/// </summary>
/// <param name="Number">The trial's number (after the search's).</param>
/// <param name="TickSeconds">The generator's tick τ: how long it waited between bursts.</param>
/// <param name="CompletedPerSecond">X: operations completed per second over the steady window (the average load).</param>
/// <param name="MeanLatencyMs">W̄: the mean latency, from the intended start, over every counted operation.</param>
/// <param name="MeanLagMs">L̄: the generator's mean lag (issue − intended) over the same operations.</param>
/// <param name="BusyCores">The probe's average busy cores: it must stay a light load.</param>
/// <param name="GeneratorSecondsPerOp">g: the load generator's CPU seconds per operation in the probe where it shares the
/// cores the prediction is about (on the same machine, or inside a node's quota); 0 where it runs on cores of its own.</param>
public sealed record DrainProbe(int Number, double LoadFactor, double TickSeconds, double CompletedPerSecond, double MeanLatencyMs, double MeanLagMs,
    double BusyCores, double GeneratorSecondsPerOp = 0)
{
    /// <summary>The cycle between bursts, 2·L̄: the intended starts spread evenly over a cycle and each waits for the burst
    /// that ends it, so the lag is uniform on [0, cycle] (the tick plus the time the burst took to issue).</summary>
    public double CycleSeconds => 2 * MeanLagMs / 1000;

    /// <summary>B = X·cycle: the operations one burst brought.</summary>
    public double BacklogOps => CompletedPerSecond * CycleSeconds;

    /// <summary>D = 2·(W̄ − L̄ − s₀): how long the tree took to drain one burst. An operation's latency is its lag plus
    /// its time in the tree (W̄ − L̄ on average); the burst's operations complete evenly over the drain, so on average
    /// half-way through it, each after the <paramref name="unloadedMs"/> s₀ one operation takes through an idle tree.</summary>
    public double DrainSeconds(double unloadedMs) => 2 * (MeanLatencyMs - MeanLagMs - unloadedMs) / 1000;

    /// <summary>μ = B / D, the rate the tree drained the backlog at; null when the probe measured no drain (D ≤ 0: the
    /// burst was too small to queue) or the burst was not drained before the next came (D ≥ the cycle: the load is not
    /// light for the tree, and the backlog carried over).</summary>
    public double? DrainOpsPerSecond(double unloadedMs)
    {
        var d = DrainSeconds(unloadedMs);
        return d > 0 && d < CycleSeconds && BacklogOps > 0 ? BacklogOps / d : null;
    }
}

/// <summary>
/// The tree's capacity measured from light loads as the rate it drains a backlog as deep as the SLO allows, as
/// packet-train dispersion measures a link's bottleneck rate without filling it. Below its capacity an open load keeps
/// the tree's mailboxes short, and what an operation costs there (a thread's wake-up, a collection's share) is not what it
/// costs when they are long; above it the backlog grows until the SLO's percentile breaks. The capacity is therefore the
/// rate the tree works a backlog off at when the backlog is about as deep as the SLO's limit lets it become: a probe whose
/// bursts take about that limit to drain (<see cref="NextTickSeconds"/>) measures it, while its average load stays light.
/// </summary>
/// <param name="Probes">Every drain probe, in the order they ran.</param>
/// <param name="UnloadedMs">s₀: an operation's mean time in the idle tree (mean latency − mean lag of the smooth trial at
/// the probes' load).</param>
/// <param name="TargetDrainSeconds">The drain time the probes aim at: the SLO percentile's limit.</param>
public sealed record BacklogDrain(IReadOnlyList<DrainProbe> Probes, double UnloadedMs, double TargetDrainSeconds)
{
    /// <summary>A drain within this factor of the target (either way) counts as deep enough: the rate still falls as the
    /// backlog deepens, by about a fifth from a tenth of a second's drain to a quarter's on the baseline (docs/sizing.md,
    /// "Backlog drain").</summary>
    public const double TargetBand = 2;

    /// <summary>The probes at the last tick that measured a drain: the ones the rate is the median of.</summary>
    public IReadOnlyList<DrainProbe> Counted
    {
        get
        {
            if (Probes.Count == 0) return [];
            var tick = Probes[^1].TickSeconds;
            return Probes.Where(p => p.TickSeconds == tick && p.DrainOpsPerSecond(UnloadedMs) is not null).ToList();
        }
    }

    /// <summary>μ: the median drain rate of <see cref="Counted"/>; null when none measured a drain.</summary>
    public double? OpsPerSecond => Counted.Count == 0 ? null : Median(Counted.Select(p => p.DrainOpsPerSecond(UnloadedMs)!.Value).ToList());

    /// <summary>
    /// The rate the tree can sustain on <paramref name="cores"/> cores it shares with the load generator:
    /// μ_s = μ / (1 + μ·g/c), g the median of <see cref="Counted"/>'s generator seconds per operation. The generator issues
    /// a burst at the tick and then waits, so the tree drains it with the cores to itself; at a sustained load of X the
    /// generator keeps X·g of them busy all the time, and the tree has c − X·g: X = μ·(c − X·g)/c. Where the generator runs
    /// apart (g = 0) it is μ. Null when no probe measured a drain.
    /// </summary>
    public double? SharedOpsPerSecond(double cores)
    {
        if (OpsPerSecond is not { } mu) return null;
        var g = Median(Counted.Select(p => p.GeneratorSecondsPerOp).ToList());
        return cores > 0 && g > 0 ? mu / (1 + mu * g / cores) : mu;
    }

    /// <summary>The lowest and highest drain rate of <see cref="Counted"/>: the probes' own spread.</summary>
    public (double Low, double High)? Range => Counted.Count == 0 ? null
        : (Counted.Min(p => p.DrainOpsPerSecond(UnloadedMs)!.Value), Counted.Max(p => p.DrainOpsPerSecond(UnloadedMs)!.Value));

    /// <summary>Whether <paramref name="probe"/>'s bursts took within <see cref="TargetBand"/> of the target to drain.</summary>
    public bool DeepEnough(DrainProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var d = probe.DrainSeconds(UnloadedMs);
        return probe.DrainOpsPerSecond(UnloadedMs) is not null && d >= TargetDrainSeconds / TargetBand && d <= TargetDrainSeconds * TargetBand;
    }

    /// <summary>
    /// The tick for the next probe after <paramref name="probe"/>: the same when its drain was deep enough, else scaled by
    /// target / D (a burst is X·τ operations, so its drain grows in proportion to the tick), within
    /// [<paramref name="minSeconds"/>, <paramref name="maxSeconds"/>]. A probe that measured no drain doubles the tick
    /// (none: the burst was too small to tell) or halves it (the backlog carried over).
    /// </summary>
    public double NextTickSeconds(DrainProbe probe, double minSeconds, double maxSeconds)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (DeepEnough(probe)) return probe.TickSeconds;
        var d = probe.DrainSeconds(UnloadedMs);
        var next = d <= 0 ? probe.TickSeconds * 2
            : d >= probe.CycleSeconds ? probe.TickSeconds / 2
            : probe.TickSeconds * TargetDrainSeconds / d;
        return Math.Clamp(next, minSeconds, maxSeconds);
    }

    /// <summary>What the rate was measured from, and the rate left with the generator's share of <paramref name="cores"/>,
    /// for the report.</summary>
    public string Describe(double opsPerLoadFactor, double cores)
    {
        if (OpsPerSecond is not { } mu) return $"no drain probe measured a drain ({Probes.Count} ran)";
        var counted = Counted;
        var (low, high) = Range!.Value;
        return $"drain probes {string.Join(", ", counted.Select(p => p.Number))} (load factor {Show(counted[0].LoadFactor)}, issued in bursts every " +
               $"{Show(counted[0].TickSeconds * 1000)} ms, {Show(counted.Max(p => p.BusyCores))} busy cores at most): bursts of " +
               $"{Show(counted.Average(p => p.BacklogOps))} operations drained in {Show(counted.Average(p => p.DrainSeconds(UnloadedMs)) * 1000)} ms " +
               $"on average (target {Show(TargetDrainSeconds * 1000)} ms, the SLO's limit), at {Show(mu)} ops/s (the median; " +
               $"{Show(low)}–{Show(high)}), load factor {Show(mu / opsPerLoadFactor)}" +
               (SharedOpsPerSecond(cores) is { } shared && shared < mu
                   ? $"; less the load generator's share of the {Show(cores)} cores at a sustained load " +
                     string.Create(CultureInfo.InvariantCulture, $"({Median(counted.Select(p => p.GeneratorSecondsPerOp).ToList()) * 1e6:0.###} µs of its CPU an operation), ") +
                     $"μ = {Show(shared)} ops/s, load factor {Show(shared / opsPerLoadFactor)}"
                   : "");
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static string Show(double v) => v.ToString("#,0.###", CultureInfo.InvariantCulture);
}
