namespace MonitorSim.Load.Results;

/// <summary>What a run's processes used over one phase of it (tree start, warm-up, the measured window, the drain of
/// operations still in flight after it), read at the phase's two ends.</summary>
/// <param name="Seconds">Wall time between the two readings.</param>
/// <param name="CpuS">This process's CPU time (user + system).</param>
/// <param name="AllocatedMb">Managed memory this process allocated.</param>
/// <param name="GcPauseMs">Time this process's threads were stopped for garbage collections (the runtime's own sum of
/// its pauses, <c>GC.GetTotalPauseDuration</c>): the load generator's thread stops too, so its lag shows them.</param>
/// <param name="JournalRows">Rows the journal gained (SQLite stores only; null elsewhere).</param>
/// <param name="CpuSByNode">On several nodes, each node's CPU time by node number (1 is this process); null on one.</param>
/// <param name="JournalWriterByNode">Each node's SQLite journal writer: its time inside transactions and waiting for the
/// store's lock, by node number (1 alone on one node); null on a store without that writer.</param>
public sealed record PhaseUsage(
    double Seconds,
    double CpuS,
    int Gen0,
    int Gen1,
    int Gen2,
    double AllocatedMb,
    double GcPauseMs,
    long? JournalRows,
    IReadOnlyDictionary<int, double>? CpuSByNode,
    IReadOnlyDictionary<int, JournalWriterUse>? JournalWriterByNode = null)
{
    /// <summary>The share of the phase's wall time this process was paused for garbage collections (0.01 = 1 %).</summary>
    public double GcPauseShare => GcPauseMs / 1000 / Math.Max(1e-9, Seconds);

    /// <summary>Busy cores over the phase: this process's, or on several nodes every node's together.</summary>
    public double BusyCores => (CpuSByNode is { Count: > 0 } nodes ? nodes.Values.Sum() : CpuS) / Math.Max(1e-9, Seconds);
}

/// <summary>A node's SQLite journal writer over a phase: seconds inside its transactions (from holding the store's write
/// lock to the commit: what the node's persists wait behind) and seconds waiting for that lock while another node held it.</summary>
public sealed record JournalWriterUse(double HoldS, double LockWaitS);
