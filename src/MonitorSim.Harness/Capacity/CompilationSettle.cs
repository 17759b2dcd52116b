namespace MonitorSim.Harness.Capacity;

/// <summary>
/// When a freshly started cluster has settled enough for its first sizing trial: when the runtime has stopped compiling.
/// <para>
/// The tiered JIT recompiles the hot code in a new process's first minutes under load (measured on one node of the
/// baseline at load factor 1: its background compiler thread at 0.078 cores in the first minute after the warm-up, 0.014
/// in the second, none after). A light trial taken then reads that as the node's fixed cost, and the capacity prediction
/// is fitted on the light trials. So the settling load is driven in windows of <c>--settle</c> each until, in the last
/// window, the nodes together spent no more than <see cref="DoneCoresPerNode"/> per node compiling (the runtime's own
/// count of compilation time, every thread's: <c>System.Runtime.JitInfo.GetCompilationTime</c>, read from every node; it
/// is the time threads spent inside the JIT, so under a CPU quota it includes their waits for the CPU and reads high),
/// and at most <see cref="MaxWindows"/> windows, so a cluster that keeps compiling (a code path first taken at a higher
/// load) cannot hold the run.
/// </para>
/// </summary>
public static class CompilationSettle
{
    /// <summary>Compiling cores per node at or below which compilation counts as done: 0.5 % of a core, a third of what the
    /// measured node still spent in its second minute.</summary>
    public const double DoneCoresPerNode = 0.005;

    /// <summary>The most settle windows a fresh cluster is given (2 minutes at the default 20 s).</summary>
    public const int MaxWindows = 6;

    /// <summary>Whether settling ends after window <paramref name="windows"/> (1 for the first), in which the nodes spent
    /// <paramref name="compilingCores"/> cores compiling together (null: not every node said, and the window count alone
    /// decides, as one fixed window did before).</summary>
    public static bool Done(double? compilingCores, int nodes, int windows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 1);
        if (windows >= MaxWindows) return true;
        return compilingCores is not { } cores || Compiled(cores, nodes);
    }

    /// <summary>Whether <paramref name="nodes"/> nodes spending <paramref name="compilingCores"/> cores compiling together
    /// have finished compiling.</summary>
    public static bool Compiled(double compilingCores, int nodes) => compilingCores <= DoneCoresPerNode * nodes;

    /// <summary>Cores spent compiling over a window of <paramref name="windowSeconds"/>, from each node's compilation seconds
    /// at its start and end (by node number); null when a node is missing at either end (it did not answer, or left).</summary>
    public static double? CompilingCores(IReadOnlyDictionary<int, double> before, IReadOnlyDictionary<int, double> after, double windowSeconds)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (!(windowSeconds > 0) || before.Count == 0 || before.Count != after.Count) return null;
        var total = 0.0;
        foreach (var (node, start) in before)
        {
            if (!after.TryGetValue(node, out var end)) return null;
            total += Math.Max(0, end - start);
        }
        return total / windowSeconds;
    }
}
