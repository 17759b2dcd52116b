using MonitorSim.Load.Results;

namespace MonitorSim.Load.Engine;

/// <summary>What the load engine measured in one run (the run's facts, topology and resources are added by the caller).</summary>
/// <param name="AbortedBy">Why the run was stopped early (a threshold with abort failed), or null.</param>
public sealed record LoadOutcome(
    IReadOnlyList<WorkloadLine> Workload,
    OperationCounts Operations,
    double ThroughputOps,
    IReadOnlyDictionary<string, LatencyStats> Latency,
    IReadOnlyDictionary<string, LatencyStats> ServiceTime,
    LatencyStats GeneratorLag,
    IReadOnlyDictionary<string, OperationCounts> PerOperation,
    IReadOnlyDictionary<string, long> Failures,
    IReadOnlyList<TimelineRow> Timeline,
    TreeStatus FinalTree,
    IReadOnlyList<string> Events,
    string? AbortedBy = null);
