using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Thresholds;

namespace MonitorSim.Load.Tests.Measurement;

public sealed class RunMetricsTests
{
    private static readonly LatencyStats Alarm = new(Count: 1000, Mean: 40, P50: 35, P90: 80, P99: 123.5, P999: 200, Max: 250);
    private static readonly LatencyStats Hop = new(1000, 10, 9, 15, 21.25, 30, 31);
    private static readonly LatencyStats Lag = new(5000, 0.3, 0.2, 0.5, 4.5, 9, 12);

    private static RunMetrics Metrics() => new(new RunResult(
        new RunInfo("test", "", 42, DateTimeOffset.UnixEpoch, DurationS: 70, WarmUpS: 10, 1, 1, 1, "sqlite", new BuildInfo("0.1.0", "abc", "Release", "10.0"), "box", "linux", 2),
        new TopologySummary(3, 12, 30, 2, 4, 1, "fp", 0, 0),
        [],
        new OperationCounts(Offered: 6000, Completed: 5890, Failed: 100, Dropped: 7, TimedOut: 3),
        ThroughputOps: 98.2,
        new Dictionary<string, LatencyStats> { ["alarm"] = Alarm, ["alarm.point_to_platform"] = Hop },
        new Dictionary<string, LatencyStats> { ["alarm"] = Hop },
        Lag,
        new Dictionary<string, OperationCounts>
        {
            ["keepalive"] = new(Offered: 5000, Completed: 4900, Failed: 100, Dropped: 7),
            ["alarm"] = new(Offered: 1000, Completed: 990, Failed: 0, Dropped: 0),
        },
        new Dictionary<string, long> { ["keepalive:not_registered"] = 100 },
        [],
        new ResourceUsage(1, 100, 0, 0, 0, 10),
        [],
        TreeStatus.Unknown,
        []));

    private static double? Threshold(string text) => ThresholdExpression.Parse(text).Evaluate(Metrics()).Value;

    [Fact]
    public void Alarm_p99_is_the_alarm_response_time_p99_in_milliseconds()
    {
        Assert.Equal(123.5, Metrics().Get("alarm", "p99"));
        Assert.Equal(123.5, Threshold("alarm.p99 < 250ms"));
    }

    [Fact]
    public void Each_latency_statistic_is_read_from_its_histogram_summary()
    {
        var m = Metrics();

        Assert.Equal([1000, 40, 35, 80, 123.5, 200, 250],
            new[] { "count", "mean", "p50", "p90", "p99", "p999", "max" }.Select(stat => m.Get("alarm", stat)!.Value));
    }

    [Fact]
    public void A_hops_statistic_is_read_under_its_dotted_name()
    {
        Assert.Equal(21.25, Threshold("alarm.point_to_platform.p99 < 250ms"));
    }

    [Fact]
    public void Keepalive_fail_pct_is_failed_over_answered_in_percent()
    {
        Assert.Equal(100.0 * 100 / 5000, Metrics().Get("keepalive", "fail_pct"));
        Assert.Equal(0, Metrics().Get("alarm", "fail_pct"));
    }

    [Fact]
    public void Generator_lag_p99_is_the_generators_own_lag()
    {
        Assert.Equal(4.5, Metrics().Get("generator_lag", "p99"));
        Assert.Equal(4.5, Threshold("generator_lag.p99 < 10ms"));
    }

    [Fact]
    public void Dropped_alone_is_the_runs_dropped_count()
    {
        Assert.Equal(7, Metrics().Get("", "dropped"));
        Assert.Equal(7, Threshold("dropped == 0"));
    }

    [Fact]
    public void Top_level_metrics_are_the_runs_totals()
    {
        var m = Metrics();

        Assert.Equal(6000, m.Get("", "offered"));
        Assert.Equal(5890, m.Get("", "completed"));
        Assert.Equal(100, m.Get("", "failed"));
        Assert.Equal(3, m.Get("", "timed_out"));
        Assert.Equal(98.2, m.Get("", "throughput_ops"));
        Assert.Equal(100.0 * 100 / 5990, m.Get("", "fail_pct"));
    }

    [Fact]
    public void Per_operation_counts_and_rate_are_read_from_its_counts_over_the_measured_time()
    {
        var m = Metrics();

        Assert.Equal(5000, m.Get("keepalive", "offered"));
        Assert.Equal(4900, m.Get("keepalive", "completed"));
        Assert.Equal(100, m.Get("keepalive", "failed"));
        Assert.Equal(7, m.Get("keepalive", "dropped"));
        Assert.Equal(4900 / 60.0, m.Get("keepalive", "rate"));
    }

    [Theory]
    [InlineData("registration", "p99")]
    [InlineData("registration", "fail_pct")]
    [InlineData("registration", "offered")]
    [InlineData("alarm.no_such_hop", "p99")]
    [InlineData("alarm", "p42")]
    [InlineData("generator_lag", "fail_pct")]
    [InlineData("", "no_such_metric")]
    public void Unknown_keys_and_statistics_give_null(string key, string stat)
    {
        Assert.Null(Metrics().Get(key, stat));
    }

    [Fact]
    public void An_operations_timed_out_count_and_its_latencys_clipped_count_can_be_held_to_a_threshold()
    {
        var outcome = new LoadOutcome([], new OperationCounts(100, 90, 10, 0, 4), 1.5,
            new Dictionary<string, LatencyStats> { ["alarm"] = Alarm with { Clipped = 2 } }, new Dictionary<string, LatencyStats>(), Lag,
            new Dictionary<string, OperationCounts> { ["alarm"] = new(100, 90, 10, 0, 4) }, new Dictionary<string, long>(), [],
            TreeStatus.Unknown, []);
        var m = new RunMetrics(outcome, 60);

        Assert.Equal((4.0, false), ThresholdExpression.Parse("alarm.timed_out == 0").Evaluate(m));
        Assert.Equal((4.0, true), ThresholdExpression.Parse("timed_out < 5").Evaluate(m));
        Assert.Equal((2.0, false), ThresholdExpression.Parse("alarm.clipped == 0").Evaluate(m));
        Assert.Equal((10.0, true), ThresholdExpression.Parse("alarm.fail_pct <= 10%").Evaluate(m));
        Assert.Equal((4.0, false), ThresholdExpression.Parse("alarm.timed_out_pct < 1%").Evaluate(m)); // 4 of 100 answered or given up
        Assert.Equal((4.0, true), ThresholdExpression.Parse("timed_out_pct < 5%").Evaluate(m));
    }

    [Fact]
    public void A_threshold_on_an_unmeasured_operation_fails_with_no_value()
    {
        var (value, passed) = ThresholdExpression.Parse("service_flow.p99 < 1s").Evaluate(Metrics());

        Assert.Null(value);
        Assert.False(passed);
    }
}
