using MonitorSim.Load.Engine;
using MonitorSim.Load.Thresholds;

namespace MonitorSim.Load.Results;

/// <summary>Lets threshold expressions read a run's figures: <c>alarm.p99</c>, <c>keepalive.fail_pct</c>, <c>alarm.timed_out</c>,
/// <c>alarm.point_to_platform.p99</c>, <c>generator_lag.p99</c>, <c>dropped</c>, <c>throughput_ops</c> … — of a finished
/// run, or of one still going (its figures so far, for thresholds checked every interval). A name is an operation's
/// first, then a stream's (<c>morning_alarms.p99</c>); <c>streams.NAME</c> is always the stream (see the scenario
/// reader's threshold-name rules).</summary>
public sealed class RunMetrics : IMetricSource
{
    private readonly IReadOnlyDictionary<string, OperationCounts> _perOperation;
    private readonly IReadOnlyDictionary<string, LatencyStats> _latency;
    private readonly LatencyStats _lag;
    private readonly OperationCounts _operations;
    private readonly double _throughput;
    private readonly double _measuredSeconds;
    private readonly IReadOnlyDictionary<string, ByteCounts> _bytes;
    private readonly Dictionary<string, WorkloadLine> _streams;

    public RunMetrics(RunResult run)
        : this(run.PerOperation, run.Latency, run.GeneratorLag, run.Operations, run.ThroughputOps, run.Run.DurationS - run.Run.WarmUpS, run.BytesPerOperation,
            run.Workload)
    {
        _alarmAudit = run.AlarmAudit;
        _supervisionAudit = run.SupervisionAudit;
    }

    private readonly AlarmAudit? _alarmAudit;
    private readonly SupervisionAudit? _supervisionAudit;

    /// <param name="measuredSeconds">How long the figures were gathered (after warm-up), for rates.</param>
    public RunMetrics(LoadOutcome outcome, double measuredSeconds)
        : this(outcome.PerOperation, outcome.Latency, outcome.GeneratorLag, outcome.Operations, outcome.ThroughputOps, measuredSeconds,
            outcome.Bytes ?? new Dictionary<string, ByteCounts>(), outcome.Workload)
    {
    }

    private RunMetrics(IReadOnlyDictionary<string, OperationCounts> perOperation, IReadOnlyDictionary<string, LatencyStats> latency,
        LatencyStats lag, OperationCounts operations, double throughput, double measuredSeconds, IReadOnlyDictionary<string, ByteCounts> bytes,
        IReadOnlyList<WorkloadLine> workload)
    {
        _bytes = bytes;
        _streams = workload.GroupBy(w => w.Name).ToDictionary(g => g.Key, g => g.First());
        _perOperation = perOperation;
        _latency = latency;
        _lag = lag;
        _operations = operations;
        _throughput = throughput;
        _measuredSeconds = measuredSeconds;
    }

    public double? Get(string key, string stat)
    {
        if (key.Length == 0) return TopLevel(stat);
        if (key == "generator_lag") return Latency(_lag, stat);
        if (key.StartsWith(StreamPrefix, StringComparison.Ordinal)) return Stream(key[StreamPrefix.Length..], stat);
        if (!_perOperation.ContainsKey(key) && !_latency.ContainsKey(key)) return Stream(key, stat);
        _perOperation.TryGetValue(key, out var counts);
        if (stat is "bytes_sent" or "bytes_received")
            return counts is null ? null : stat == "bytes_sent" ? _bytes.GetValueOrDefault(key, ByteCounts.Zero).Sent : _bytes.GetValueOrDefault(key, ByteCounts.Zero).Received;
        return Counted(counts, stat) ?? (_latency.TryGetValue(key, out var stats) ? Latency(stats, stat) : null);
    }

    private const string StreamPrefix = "streams.";

    /// <summary>A stream's own figures (no wire bytes: those are kept per operation).</summary>
    private double? Stream(string name, string stat)
    {
        if (!_streams.TryGetValue(name, out var line)) return null;
        return Counted(line.Counts, stat) ?? (line.Latency is { Count: > 0 } stats ? Latency(stats, stat) : null);
    }

    /// <summary>A count or a rate of counts, or null when <paramref name="stat"/> is not one (or nothing was counted).</summary>
    private double? Counted(OperationCounts? counts, string stat) => counts is null ? null : stat switch
    {
        "offered" => counts.Offered,
        "completed" => counts.Completed,
        "failed" => counts.Failed,
        "dropped" => counts.Dropped,
        "timed_out" => counts.TimedOut,
        "fail_pct" => Percent(counts.Failed, counts.Completed + counts.Failed),
        "timed_out_pct" => Percent(counts.TimedOut, counts.Completed + counts.Failed),
        "rate" => counts.Completed / Math.Max(1e-9, _measuredSeconds),
        _ => null,
    };

    private double? TopLevel(string stat) => stat switch
    {
        "offered" => _operations.Offered,
        "completed" => _operations.Completed,
        "failed" => _operations.Failed,
        "dropped" => _operations.Dropped,
        "timed_out" => _operations.TimedOut,
        "throughput_ops" => _throughput,
        "fail_pct" => Percent(_operations.Failed, _operations.Completed + _operations.Failed),
        "timed_out_pct" => Percent(_operations.TimedOut, _operations.Completed + _operations.Failed),
        "bytes_sent" => _bytes.Values.Sum(b => b.Sent),
        "bytes_received" => _bytes.Values.Sum(b => b.Received),
        "alarms_lost" => _alarmAudit is { Note: null } a ? a.Missing : null,
        "supervision_lost" => _supervisionAudit is { Note: null } s ? s.Missing : null,
        _ => null,
    };

    private static double? Latency(LatencyStats s, string stat) => stat switch
    {
        "count" => s.Count,
        "clipped" => s.Clipped,
        "mean" => s.Mean,
        "max" => s.Max,
        _ => s.Percentile(stat),
    };

    private static double Percent(long part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;
}
