using MonitorSim.Load.Engine;
using MonitorSim.Load.Thresholds;

namespace MonitorSim.Load.Results;

/// <summary>Lets threshold expressions read a run's figures: <c>alarm.p99</c>, <c>keepalive.fail_pct</c>, <c>alarm.timed_out</c>,
/// <c>alarm.point_to_platform.p99</c>, <c>generator_lag.p99</c>, <c>dropped</c>, <c>throughput_ops</c> … — of a finished
/// run, or of one still going (its figures so far, for thresholds checked every interval).</summary>
public sealed class RunMetrics : IMetricSource
{
    private readonly IReadOnlyDictionary<string, OperationCounts> _perOperation;
    private readonly IReadOnlyDictionary<string, LatencyStats> _latency;
    private readonly LatencyStats _lag;
    private readonly OperationCounts _operations;
    private readonly double _throughput;
    private readonly double _measuredSeconds;
    private readonly IReadOnlyDictionary<string, ByteCounts> _bytes;

    public RunMetrics(RunResult run)
        : this(run.PerOperation, run.Latency, run.GeneratorLag, run.Operations, run.ThroughputOps, run.Run.DurationS - run.Run.WarmUpS, run.BytesPerOperation)
    {
        _alarmAudit = run.AlarmAudit;
    }

    private readonly AlarmAudit? _alarmAudit;

    /// <param name="measuredSeconds">How long the figures were gathered (after warm-up), for rates.</param>
    public RunMetrics(LoadOutcome outcome, double measuredSeconds)
        : this(outcome.PerOperation, outcome.Latency, outcome.GeneratorLag, outcome.Operations, outcome.ThroughputOps, measuredSeconds,
            outcome.Bytes ?? new Dictionary<string, ByteCounts>())
    {
    }

    private RunMetrics(IReadOnlyDictionary<string, OperationCounts> perOperation, IReadOnlyDictionary<string, LatencyStats> latency,
        LatencyStats lag, OperationCounts operations, double throughput, double measuredSeconds, IReadOnlyDictionary<string, ByteCounts> bytes)
    {
        _bytes = bytes;
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
        _perOperation.TryGetValue(key, out var counts);
        switch (stat)
        {
            case "offered": return counts?.Offered;
            case "completed": return counts?.Completed;
            case "failed": return counts?.Failed;
            case "dropped": return counts?.Dropped;
            case "timed_out": return counts?.TimedOut;
            case "fail_pct": return counts is null ? null : Percent(counts.Failed, counts.Completed + counts.Failed);
            case "timed_out_pct": return counts is null ? null : Percent(counts.TimedOut, counts.Completed + counts.Failed);
            case "rate": return counts is null ? null : counts.Completed / Math.Max(1e-9, _measuredSeconds);
            case "bytes_sent": return counts is null ? null : _bytes.GetValueOrDefault(key, ByteCounts.Zero).Sent;
            case "bytes_received": return counts is null ? null : _bytes.GetValueOrDefault(key, ByteCounts.Zero).Received;
        }
        return _latency.TryGetValue(key, out var stats) ? Latency(stats, stat) : null;
    }

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
