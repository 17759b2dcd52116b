using System.Diagnostics;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Results;

namespace MonitorSim.Harness.Measurement;

/// <summary>
/// What the run's processes had used at one instant: this process's CPU, collections, allocations and working set, its
/// SQLite journal writers' time, the journal's rows and bytes, and on several nodes every node's report asked for at that
/// instant (answered later). Two snapshots bound a phase (<see cref="UntilAsync"/>), so every figure of a phase covers the same interval.
/// </summary>
public sealed record ResourceSnapshot(
    DateTime AtUtc,
    double CpuS,
    int Gen0,
    int Gen1,
    int Gen2,
    long AllocatedBytes,
    double GcPauseMs,
    double WorkingSetMb,
    double PeakWorkingSetMb,
    (long Rows, long Bytes)? Journal,
    Task<Dictionary<int, NodeReport>>? NodeReports,
    JournalWriterReading Writer = default)
{
    /// <summary>Reads this process now; counts <paramref name="journal"/>'s rows when given; asks every node of
    /// <paramref name="nodes"/> for its report when given (a multi-node session).</summary>
    public static ResourceSnapshot Take(JournalCounter? journal = null, TreeSession? nodes = null)
    {
        using var process = Process.GetCurrentProcess();
        var (at, cpuS) = (DateTime.UtcNow, process.TotalProcessorTime.TotalSeconds);
        // Every node is asked now, before the journal is counted (a count over a large journal takes a while), so that
        // their CPU is read at this instant too, the instant the window's seconds run from or to.
        var reports = nodes?.ReportsAsync();
        return new ResourceSnapshot(at, cpuS, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(),
            GC.GetTotalPauseDuration().TotalMilliseconds, process.WorkingSet64 / (1024.0 * 1024.0), process.PeakWorkingSet64 / (1024.0 * 1024.0), journal?.Read(), reports,
            JournalWriterTime.Read());
    }

    /// <summary>What was used from this snapshot to <paramref name="later"/>. A node's CPU counts only where both
    /// snapshots have its report (a node lost in between has no figure for the phase).</summary>
    public async Task<PhaseUsage> UntilAsync(ResourceSnapshot later)
    {
        Dictionary<int, double>? byNode = null;
        Dictionary<int, JournalWriterUse>? writers = null;
        if (NodeReports is { } before && later.NodeReports is { } after)
        {
            var (b, a) = (await before, await after);
            byNode = a.Where(n => b.ContainsKey(n.Key)).OrderBy(n => n.Key)
                .ToDictionary(n => n.Key, n => Math.Max(0, n.Value.CpuS - b[n.Key].CpuS));
            writers = a.Where(n => b.ContainsKey(n.Key) && n.Value.JournalTransactions > 0).OrderBy(n => n.Key)
                .ToDictionary(n => n.Key, n => WriterUse(ReadingOf(b[n.Key]), ReadingOf(n.Value)));
        }
        // One node: this process's writers (none on another store).
        if (writers is not { Count: > 0 } && later.Writer.Transactions > 0) writers = new() { [1] = WriterUse(Writer, later.Writer) };
        long? rows = Journal is { } j0 && later.Journal is { } j1 ? j1.Rows - j0.Rows : null;
        return new PhaseUsage((later.AtUtc - AtUtc).TotalSeconds, later.CpuS - CpuS, later.Gen0 - Gen0, later.Gen1 - Gen1, later.Gen2 - Gen2,
            (later.AllocatedBytes - AllocatedBytes) / (1024.0 * 1024.0), later.GcPauseMs - GcPauseMs, rows, byNode, writers is { Count: > 0 } ? writers : null);
    }

    private static JournalWriterReading ReadingOf(NodeReport r) => new(r.JournalHoldS, r.JournalLockWaitS, r.JournalTransactions);

    /// <summary>A writer's time between two readings (never negative).</summary>
    private static JournalWriterUse WriterUse(JournalWriterReading from, JournalWriterReading to) =>
        new(Math.Max(0, to.HoldS - from.HoldS), Math.Max(0, to.LockWaitS - from.LockWaitS));
}
