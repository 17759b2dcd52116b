namespace MonitorSim.Load.Results;

/// <summary>One node (process) of a multi-node run: its resources while the run lasted and the platforms it hosted.</summary>
/// <param name="Number">1 = the coordinator (drives the load, writes the reports), 2 … = worker nodes.</param>
/// <param name="Killed">A fault killed it during the run (its figures are missing; the platforms are those it hosted at
/// the start).</param>
/// <param name="Left">It was gone from the cluster at the end: killed, or downed and exited (figures as for Killed).</param>
public sealed record NodeUsage(
    int Number,
    string Address,
    IReadOnlyList<string> Roles,
    int ProcessId,
    double? CpuS,
    double? PeakWorkingSetMb,
    double? AllocatedMb,
    int? Platforms,
    int? Points,
    bool Killed = false,
    bool Left = false);
