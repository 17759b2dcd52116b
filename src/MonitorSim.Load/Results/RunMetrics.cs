using MonitorSim.Load.Thresholds;

namespace MonitorSim.Load.Results;

/// <summary>Lets threshold expressions read a run's figures: <c>alarm.p99</c>, <c>keepalive.fail_pct</c>,
/// <c>alarm.point_to_platform.p99</c>, <c>generator_lag.p99</c>, <c>dropped</c>, <c>throughput_ops</c> …</summary>
public sealed class RunMetrics(RunResult run) : IMetricSource
{
    public double? Get(string key, string stat)
    {
        if (key.Length == 0) return TopLevel(stat);
        if (key == "generator_lag") return Latency(run.GeneratorLag, stat);
        run.PerOperation.TryGetValue(key, out var counts);
        switch (stat)
        {
            case "offered": return counts?.Offered;
            case "completed": return counts?.Completed;
            case "failed": return counts?.Failed;
            case "dropped": return counts?.Dropped;
            case "fail_pct": return counts is null ? null : Percent(counts.Failed, counts.Completed + counts.Failed);
            case "rate": return counts is null ? null : counts.Completed / Math.Max(1e-9, run.Run.DurationS - run.Run.WarmUpS);
        }
        return run.Latency.TryGetValue(key, out var stats) ? Latency(stats, stat) : null;
    }

    private double? TopLevel(string stat) => stat switch
    {
        "offered" => run.Operations.Offered,
        "completed" => run.Operations.Completed,
        "failed" => run.Operations.Failed,
        "dropped" => run.Operations.Dropped,
        "timed_out" => run.Operations.TimedOut,
        "throughput_ops" => run.ThroughputOps,
        "fail_pct" => Percent(run.Operations.Failed, run.Operations.Completed + run.Operations.Failed),
        _ => null,
    };

    private static double? Latency(LatencyStats s, string stat) => stat switch
    {
        "count" => s.Count,
        "mean" => s.Mean,
        "p50" => s.P50,
        "p90" => s.P90,
        "p99" => s.P99,
        "p999" => s.P999,
        "max" => s.Max,
        _ => null,
    };

    private static double Percent(long part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;
}
