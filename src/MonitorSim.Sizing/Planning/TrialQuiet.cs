namespace MonitorSim.Sizing.Planning;

/// <summary>
/// How long a trial waited, with no load offered, for the tree to finish what the trials before it left (a backlog an
/// overloaded trial left in mailboxes and the journal's queue, its garbage) before its own window began: the tree is
/// quiet when every node, over one sample, kept busy less than <see cref="QuietShare"/> of the cores it may use.
/// <para>
/// Why: every trial of a search runs on the same started tree, and RFC 2544 ends each trial by letting the device
/// restabilise before the next, so that a trial measures its own load and not the search's order. Here the wait ends when
/// the tree is measured idle rather than after a fixed time, and the trail shows how long it took. Measured (2026-12-07,
/// the acceptance command, 89 trials): the tree was quiet within 0.5–2.5 s before every trial, 1.5 s after one that
/// dropped 1,845,039 operations; the engine's wait for its operations in flight leaves no work that shows on the CPU.
/// </para>
/// </summary>
/// <param name="WaitedSeconds">Wall seconds from the end of the trial before (its operations in flight settled) until a
/// sample found every node quiet, or until the wait gave up; at least one sample.</param>
/// <param name="Quiet">Whether the tree went quiet; false when the wait gave up at its longest.</param>
/// <param name="BusiestCores">The busiest node's cores over the last sample.</param>
public sealed record TrialQuiet(double WaitedSeconds, bool Quiet, double BusiestCores)
{
    /// <summary>The share of a node's cores below which it counts as quiet: one working off a backlog runs at its quota,
    /// one at light load far below it (0.065 cores of a 0.4-core quota at load factor 0.5, one node, 2026-12-07).</summary>
    public const double QuietShare = 0.5;

    /// <summary>Whether every node's busy cores over one sample are below <see cref="QuietShare"/> of
    /// <paramref name="coresPerNode"/> (its quota, or its share of the machine's cores).</summary>
    public static bool IsQuiet(IReadOnlyCollection<double> busyCoresByNode, double coresPerNode)
    {
        ArgumentNullException.ThrowIfNull(busyCoresByNode);
        if (coresPerNode <= 0) throw new ArgumentOutOfRangeException(nameof(coresPerNode), coresPerNode, "a node has no cores");
        return busyCoresByNode.Count > 0 && busyCoresByNode.All(b => b < QuietShare * coresPerNode);
    }

    /// <summary>Samples the nodes' busy cores (each call spans one sample) until they are quiet
    /// (<see cref="IsQuiet"/>) or <paramref name="longest"/> has passed.</summary>
    public static async Task<TrialQuiet> WaitAsync(Func<CancellationToken, Task<IReadOnlyCollection<double>>> sampleBusyCoresByNode,
        double coresPerNode, TimeSpan longest, Func<TimeSpan> elapsed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sampleBusyCoresByNode);
        ArgumentNullException.ThrowIfNull(elapsed);
        var start = elapsed();
        while (true)
        {
            var busy = await sampleBusyCoresByNode(ct);
            var waited = (elapsed() - start).TotalSeconds;
            var busiest = busy.Count > 0 ? busy.Max() : 0;
            if (IsQuiet(busy, coresPerNode)) return new TrialQuiet(waited, true, busiest);
            if (elapsed() - start >= longest || ct.IsCancellationRequested) return new TrialQuiet(waited, false, busiest);
        }
    }
}
