namespace MonitorSim.Load.Results;

/// <summary>Everything a run measured; Reports turns it into summary.json, report.md, report.html and timeline.csv.</summary>
/// <param name="Latency">Response time (from the intended start) per operation and per hop (e.g. <c>alarm</c>, <c>alarm.point_to_platform</c>).</param>
/// <param name="ServiceTime">Service time (from the actual start), same keys as <paramref name="Latency"/>.</param>
/// <param name="PerOperation">Counts per operation name.</param>
/// <param name="Failures">Failed operations by reason (e.g. <c>keepalive:not_registered</c>).</param>
/// <param name="FinalTree">The city's roll-up at the end of the run.</param>
/// <param name="Events">Notable things that happened (faults injected, recoveries), in order.</param>
/// <param name="Bytes">Wire bytes sent and received per operation (after warm-up); empty when no operation has a wire.</param>
/// <param name="Nodes">Per node of a multi-node run, its resources and the platforms it hosted; empty for one node.</param>
/// <param name="Replay">What a replayed log read, offered and rejected, and its lag (null for a run).</param>
/// <param name="AlarmAudit">Acknowledged alarms checked against the journal (null when no alarm was raised).</param>
public sealed record RunResult(
    RunInfo Run,
    TopologySummary Topology,
    IReadOnlyList<WorkloadLine> Workload,
    OperationCounts Operations,
    double ThroughputOps,
    IReadOnlyDictionary<string, LatencyStats> Latency,
    IReadOnlyDictionary<string, LatencyStats> ServiceTime,
    LatencyStats GeneratorLag,
    IReadOnlyDictionary<string, OperationCounts> PerOperation,
    IReadOnlyDictionary<string, long> Failures,
    IReadOnlyList<ThresholdResult> Thresholds,
    ResourceUsage Resources,
    IReadOnlyList<TimelineRow> Timeline,
    TreeStatus FinalTree,
    IReadOnlyList<string> Events,
    IReadOnlyDictionary<string, ByteCounts>? Bytes = null,
    IReadOnlyList<NodeUsage>? Nodes = null,
    AlarmAudit? AlarmAudit = null,
    SupervisionResult? Supervision = null,
    ReplayResult? Replay = null)
{
    /// <summary>Each fault injected, with its recovery time (empty without faults).</summary>
    public IReadOnlyList<FaultRecord> Faults { get; init; } = [];

    /// <summary>Acknowledged clue filings, clue listings and co-handled requests checked against the journal (null when
    /// the run acknowledged none).</summary>
    public SupervisionAudit? SupervisionAudit { get; init; }

    /// <summary>The busiest platform's journal stream read at intervals through the run, as its restart would read it
    /// (null when the run had no tree of its own to read).</summary>
    public JournalReads? JournalReads { get; init; }

    /// <summary>Wire bytes per operation; never null.</summary>
    public IReadOnlyDictionary<string, ByteCounts> BytesPerOperation => Bytes ?? new Dictionary<string, ByteCounts>();

    public bool AllThresholdsPassed => Thresholds.All(t => t.Passed);
}
