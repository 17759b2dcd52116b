using MonitorSim.Load.Results;

namespace MonitorSim.Load.Engine;

/// <summary>What the load engine measured in one run (the run's facts, topology and resources are added by the caller).</summary>
/// <param name="AbortedBy">Why the run was stopped early (a threshold with abort failed), or null.</param>
/// <param name="MeasuredS">Seconds the figures cover (after warm-up): the duration less the warm-up, or less when the
/// run ended early (aborted, cancelled, or its counted load finished).</param>
/// <param name="Bytes">Wire bytes per operation that has any (tree operations; self-test targets have none).</param>
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
    string? AbortedBy = null,
    IReadOnlyDictionary<string, ByteCounts>? Bytes = null,
    double MeasuredS = 0);
