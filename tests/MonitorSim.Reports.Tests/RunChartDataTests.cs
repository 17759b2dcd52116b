using System.Text.Json;
using MonitorSim.Load.Results;
using MonitorSim.Reports.Charts;

namespace MonitorSim.Reports.Tests;

/// <summary>The chart data the page draws from says what the run measured, per interval, without inventing points.</summary>
public sealed class RunChartDataTests
{
    private static JsonElement Data(RunResult run) => JsonDocument.Parse(RunChartData.Json(run)).RootElement;

    private static double?[] Numbers(JsonElement array) =>
        array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble()).ToArray();

    [Fact]
    public void Rates_are_per_second_of_each_interval_and_latency_is_null_where_an_operation_had_no_samples()
    {
        var data = Data(SampleRuns.Create());

        // 10 s intervals: 6, 25 and 28 completed; alarm first ran in the second interval.
        Assert.Equal([0.6, 2.5, 2.8], Numbers(data.GetProperty("totals").GetProperty("completed_per_s")));
        var alarm = data.GetProperty("groups").GetProperty("operations").GetProperty("alarm");
        Assert.Equal([0, 2.0, 2.0], Numbers(alarm.GetProperty("completed_per_s")));
        Assert.Equal([null, 31.25, 29.5], Numbers(alarm.GetProperty("p99_ms")));
        Assert.Equal([null, 9.5, 10.0], Numbers(alarm.GetProperty("p50_ms")));
        Assert.Equal(10, data.GetProperty("warm_up_s").GetDouble());
    }

    [Fact]
    public void Latency_thresholds_go_on_the_latency_chart_in_ms_and_counts_on_none()
    {
        var run = SampleRuns.Create() with
        {
            Thresholds =
            [
                new ThresholdResult("alarm.p99 < 250ms", 30.3, true),
                new ThresholdResult("keepalive.p50 < 2s", 1.4, false, Checks: 3, FailedChecks: 1, FirstFailedAtS: 20),
                new ThresholdResult("generator_lag.p99 < 500us", 1.5, false),
                new ThresholdResult("throughput_ops >= 2", 2.8, true),
                new ThresholdResult("dropped <= 1", 1, true),
            ],
        };
        var lines = Data(run).GetProperty("thresholds").EnumerateArray()
            .Select(t => (Expr: t.GetProperty("expr").GetString(), Chart: t.GetProperty("chart").GetString(), Limit: t.GetProperty("limit").GetDouble(),
                Passed: t.GetProperty("passed").GetBoolean(), FirstFailed: Numbers(JsonDocument.Parse($"[{t.GetProperty("first_failed_at_s").GetRawText()}]").RootElement)[0]))
            .ToList();

        Assert.Equal(
        [
            ("alarm.p99 < 250ms", "latency", 250.0, true, null),
            ("keepalive.p50 < 2s", "latency", 2000.0, false, 20.0),
            ("generator_lag.p99 < 500us", "generator", 0.5, false, null),
            ("throughput_ops >= 2", "throughput", 2.0, true, null),
        ], lines.Select(l => (l.Expr, l.Chart, l.Limit, l.Passed, l.FirstFailed)));
    }

    [Fact]
    public void Timed_events_carry_their_time_and_others_none()
    {
        var run = SampleRuns.Create() with { Events = ["t=15s kill_node 2", "t=20.5s node 2 recovered", "the store was slow"] };
        var events = Data(run).GetProperty("events").EnumerateArray()
            .Select(e => (T: e.GetProperty("t").ValueKind == JsonValueKind.Null ? (double?)null : e.GetProperty("t").GetDouble(), Text: e.GetProperty("text").GetString()))
            .ToList();

        Assert.Equal([(15.0, "kill_node 2"), (20.5, "node 2 recovered"), (null, "the store was slow")], events);
    }

    [Fact]
    public void The_distribution_lists_each_operation_before_its_hops_with_five_percentiles()
    {
        var distribution = Data(SampleRuns.Create()).GetProperty("distribution");
        Assert.Equal(["p50", "p90", "p99", "p99.9", "max"], distribution.GetProperty("percentiles").EnumerateArray().Select(p => p.GetString()));
        var keys = distribution.GetProperty("keys").EnumerateArray().ToList();
        var alarm = keys.FindIndex(k => k.GetProperty("key").GetString() == "alarm");
        var hop = keys.FindIndex(k => k.GetProperty("key").GetString() == "alarm.point_to_platform");
        Assert.True(alarm >= 0 && hop == alarm + 1, "the hop follows its operation");
        Assert.True(keys[hop].GetProperty("hop").GetBoolean());
        var stats = SampleRuns.Create().Latency["alarm"];
        Assert.Equal([stats.P50, stats.P90, stats.P99, stats.P999, stats.Max], Numbers(keys[alarm].GetProperty("ms")).Select(v => v!.Value));
    }

    [Fact]
    public void The_embedded_uplot_is_the_version_the_lockfile_pins()
    {
        using var lockfile = JsonDocument.Parse(File.ReadAllText(Path.Combine(MonitorSim.TestSupport.RepoPaths.Root(), "src", "MonitorSim.Reports", "package-lock.json")));
        var pinned = lockfile.RootElement.GetProperty("packages").GetProperty("node_modules/uplot").GetProperty("version").GetString();
        Assert.Equal(pinned, ChartAssets.UPlotVersion);
        Assert.StartsWith("/*! https://github.com/leeoniya/uPlot (v" + pinned + ")", ChartAssets.UPlotScript, StringComparison.Ordinal);
        Assert.Contains("The MIT License (MIT)", ChartAssets.UPlotLicence, StringComparison.Ordinal);
        Assert.Contains("global.MonitorSimCharts = { drawRun, drawSizing", ChartAssets.ChartsScript, StringComparison.Ordinal);
    }
}
