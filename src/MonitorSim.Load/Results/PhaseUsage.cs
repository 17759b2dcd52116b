namespace MonitorSim.Load.Results;

/// <summary>What a run's processes used over one phase of it (tree start, warm-up, the measured window, the drain of
/// operations still in flight after it), read at the phase's two ends.</summary>
/// <param name="Seconds">Wall time between the two readings.</param>
/// <param name="CpuS">This process's CPU time (user + system).</param>
/// <param name="AllocatedMb">Managed memory this process allocated.</param>
/// <param name="JournalRows">Rows the journal gained (SQLite stores only; null elsewhere).</param>
/// <param name="CpuSByNode">On several nodes, each node's CPU time by node number (1 is this process); null on one.</param>
public sealed record PhaseUsage(
    double Seconds,
    double CpuS,
    int Gen0,
    int Gen1,
    int Gen2,
    double AllocatedMb,
    long? JournalRows,
    IReadOnlyDictionary<int, double>? CpuSByNode)
{
    /// <summary>Busy cores over the phase: this process's, or on several nodes every node's together.</summary>
    public double BusyCores => (CpuSByNode is { Count: > 0 } nodes ? nodes.Values.Sum() : CpuS) / Math.Max(1e-9, Seconds);
}
