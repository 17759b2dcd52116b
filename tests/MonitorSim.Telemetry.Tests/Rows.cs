using MonitorSim.Load.Results;

namespace MonitorSim.Telemetry.Tests;

/// <summary>Timeline rows as the load engine reports them: totals are the sums of the per-operation figures.</summary>
internal static class Rows
{
    public static TimelineRow Row(
        double ts,
        long offered,
        (string Op, long Completed, long Failed, double P50, double P99)[] ops,
        bool warmUp = false,
        long dropped = 0,
        long inFlight = 0,
        double lagP99 = 0,
        TreeStatus? tree = null)
    {
        var per = ops.ToDictionary(o => o.Op, o => new IntervalStats(o.Completed, o.Failed, o.P50, o.P99));
        return new TimelineRow(ts, warmUp, 1.0, offered, ops.Sum(o => o.Completed), ops.Sum(o => o.Failed), dropped, inFlight,
            lagP99, per, tree ?? TreeStatus.Unknown);
    }

    /// <summary>A meter name of one test's own: exporters select meters by name, process-wide, and tests run in parallel.</summary>
    public static string MeterName() => $"{LiveMetrics.MeterName}.Test.{Guid.NewGuid():N}";
}
