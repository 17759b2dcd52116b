namespace MonitorSim.Cluster.Protocol;

/// <summary>Coordinator → every node's agent: the run's sim clock reads <paramref name="SimAt"/> at wall instant
/// <paramref name="WallUtc"/>, so all processes keep one sim time (alarm times and expiries survive a platform moving to
/// another node). Answered with <see cref="ClockSynced"/>.</summary>
public sealed record SyncClock(DateTime SimAt, DateTime WallUtc);

/// <summary>The node's clock now follows the coordinator's.</summary>
public sealed record ClockSynced(string Node);

/// <summary>Asks a node's agent what the node has used and hosts; answered with <see cref="NodeReport"/>.</summary>
public sealed class GetNodeReport
{
    public static GetNodeReport Instance { get; } = new();
    private GetNodeReport() { }
}

/// <summary>One node's share of a run: its process's resources since the node started, and the platforms it hosts
/// (<paramref name="PlatformIds"/>; null when its shard region did not answer in time), and the seconds its runtime has
/// spent compiling code (<paramref name="JitS"/>, every thread's, since the process started: a sizing run settles a fresh
/// cluster until it stops growing), and its SQLite journal writers' time since the process started
/// (<paramref name="JournalHoldS"/> inside transactions, <paramref name="JournalLockWaitS"/> waiting for the store's write
/// lock, over <paramref name="JournalTransactions"/> transactions: <see cref="Persistence.JournalWriterTime"/>; none on
/// another store).</summary>
public sealed record NodeReport(
    string Address,
    IReadOnlyList<string> Roles,
    int ProcessId,
    double CpuS,
    double PeakWorkingSetMb,
    double AllocatedMb,
    int Gen0,
    int Gen1,
    int Gen2,
    IReadOnlyList<int>? PlatformIds,
    int Points,
    double JitS = 0,
    double JournalHoldS = 0,
    double JournalLockWaitS = 0,
    long JournalTransactions = 0);

/// <summary>Fault injection, coordinator → a node's agent: drop everything to and from <paramref name="Peer"/> (a node's
/// address) for <paramref name="For"/>, then let it through again. Needs the node started with
/// <see cref="Hosting.TreeNodeOptions.Partitionable"/>. Answered with <see cref="CutOffSet"/>.</summary>
public sealed record CutOff(string Peer, TimeSpan For);

/// <summary>The node now drops everything to and from the peer; <paramref name="Error"/> says why not, if it could not.</summary>
public sealed record CutOffSet(string Node, string? Error = null);

/// <summary>Coordinator → every other node's agent before a sizing trial: collect the process's whole heap, compacted
/// (<see cref="Hosting.CompactedHeap"/>), so that the trial does not inherit the garbage of the trials before it.
/// Answered with <see cref="HeapCollected"/>.</summary>
public sealed class CollectHeap
{
    public static CollectHeap Instance { get; } = new();
    private CollectHeap() { }
}

/// <summary>The node's heap was collected, in <paramref name="Took"/>.</summary>
public sealed record HeapCollected(string Node, TimeSpan Took);
