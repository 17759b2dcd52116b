using System.Diagnostics;
using System.Runtime;

namespace MonitorSim.Cluster.Hosting;

/// <summary>
/// A full, blocking, compacting collection of this process's heap, large object heap included: what a sizing trial starts
/// from on every node, so that its collections do not depend on the garbage the trials before it left (docs/sizing.md,
/// "Every trial from a compacted heap"). Benchmark harnesses collect between iterations for the same reason.
/// </summary>
public static class CompactedHeap
{
    /// <summary>Collects twice, with the finalizers run between (what they release goes in the second); returns how long
    /// it took.</summary>
    public static TimeSpan Collect()
    {
        var started = Stopwatch.GetTimestamp();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return Stopwatch.GetElapsedTime(started);
    }
}
