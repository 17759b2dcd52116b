using MonitorSim.Load.Results;
using System.Text.Json;

namespace MonitorSim.Reports.Tests;

/// <summary>summary.json keeps the contract other tools rely on.</summary>
public sealed class SummaryJsonTests(WrittenSample sample) : IClassFixture<WrittenSample>
{
    private JsonDocument Read() => SummaryJson.Read(sample.File("summary.json"));

    [Fact]
    public void Top_level_facts_carry_the_run_s_values()
    {
        using var doc = Read();
        var root = doc.RootElement;
        Assert.Equal("city_smoke", root.GetProperty("scenario").GetString());
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        Assert.Equal(30, root.GetProperty("duration_s").GetDouble());
        Assert.Equal(3, root.GetProperty("nodes").GetInt32());
        Assert.Equal(3.35, root.GetProperty("throughput_ops").GetDouble());
        Assert.True(root.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void Topology_and_operation_counts_are_written_in_snake_case()
    {
        using var doc = Read();
        var topology = doc.RootElement.GetProperty("topology");
        Assert.Equal(2, topology.GetProperty("platforms").GetInt32());
        Assert.Equal(5, topology.GetProperty("points").GetInt32());
        Assert.Equal(40, topology.GetProperty("cameras").GetInt32());
        Assert.Equal(3, topology.GetProperty("co_handling_centres").GetInt32());
        Assert.Equal(4, topology.GetProperty("co_handling_posts").GetInt32());
        Assert.Equal(6, topology.GetProperty("divisions").GetInt32());
        Assert.Equal("fp-1234", topology.GetProperty("fingerprint").GetString());
        Assert.Equal(12.346, topology.GetProperty("build_ms").GetDouble());

        var ops = doc.RootElement.GetProperty("operations");
        Assert.Equal(70, ops.GetProperty("offered").GetInt64());
        Assert.Equal(67, ops.GetProperty("completed").GetInt64());
        Assert.Equal(2, ops.GetProperty("failed").GetInt64());
        Assert.Equal(1, ops.GetProperty("dropped").GetInt64());
        Assert.Equal(1, ops.GetProperty("timed_out").GetInt64());
    }

    [Fact]
    public void Latency_keys_including_hops_are_written_as_is_with_milliseconds_rounded_to_three_decimals()
    {
        using var doc = Read();
        var latency = doc.RootElement.GetProperty("latency_ms");
        Assert.Equal(["alarm", "alarm.point_to_platform", "keepalive"], latency.EnumerateObject().Select(p => p.Name));
        var alarm = latency.GetProperty("alarm");
        Assert.Equal(48, alarm.GetProperty("count").GetInt64());
        Assert.Equal(12.346, alarm.GetProperty("mean").GetDouble());
        Assert.Equal(10.1, alarm.GetProperty("p50").GetDouble());
        Assert.Equal(20.2, alarm.GetProperty("p90").GetDouble());
        Assert.Equal(30.3, alarm.GetProperty("p99").GetDouble());
        Assert.Equal(40.4, alarm.GetProperty("p999").GetDouble());
        Assert.Equal(50.5, alarm.GetProperty("max").GetDouble());
        Assert.Equal(3.333, latency.GetProperty("alarm.point_to_platform").GetProperty("mean").GetDouble());
    }

    [Fact]
    public void Service_time_and_generator_lag_have_the_same_shape_as_latency()
    {
        using var doc = Read();
        var service = doc.RootElement.GetProperty("service_time_ms");
        Assert.Equal(8.0, service.GetProperty("alarm").GetProperty("mean").GetDouble());
        Assert.Equal(4.0, service.GetProperty("alarm.point_to_platform").GetProperty("p99").GetDouble());
        var lag = doc.RootElement.GetProperty("generator_lag_ms");
        Assert.Equal(1.25, lag.GetProperty("p99").GetDouble());
        Assert.Equal(3.0, lag.GetProperty("max").GetDouble());
        Assert.Equal(70, lag.GetProperty("count").GetInt64());
    }

    [Fact]
    public void Thresholds_resources_and_final_tree_are_included()
    {
        using var doc = Read();
        var root = doc.RootElement;
        var thresholds = root.GetProperty("thresholds").EnumerateArray().ToList();
        Assert.Equal(2, thresholds.Count);
        Assert.Equal("alarm.p99 < 250ms", thresholds[0].GetProperty("expr").GetString());
        Assert.Equal(30.3, thresholds[0].GetProperty("value").GetDouble());
        Assert.True(thresholds[0].GetProperty("passed").GetBoolean());

        var resources = root.GetProperty("resources");
        Assert.Equal(4.568, resources.GetProperty("cpu_s").GetDouble());
        Assert.Equal(123.5, resources.GetProperty("peak_working_set_mb").GetDouble());
        Assert.Equal(10, resources.GetProperty("gen0").GetInt32());

        var tree = root.GetProperty("final_tree");
        Assert.Equal(38, tree.GetProperty("cameras_online").GetInt32());
        Assert.Equal(2, tree.GetProperty("cameras_offline").GetInt32());
        Assert.Equal(3, tree.GetProperty("active_alarms").GetInt32());
    }

    [Fact]
    public void Run_block_workload_per_operation_failures_and_events_are_included()
    {
        using var doc = Read();
        var root = doc.RootElement;
        var run = root.GetProperty("run");
        Assert.Equal("abc1234", run.GetProperty("commit").GetString());
        Assert.Equal("ci-box", run.GetProperty("machine").GetString());
        Assert.Equal("10.0.0", run.GetProperty("dotnet").GetString());
        Assert.Equal("Linux 6.1", run.GetProperty("os").GetString());
        Assert.Equal(2, run.GetProperty("cores").GetInt32());
        Assert.Equal("2025-01-02T03:04:05.0000000+00:00", run.GetProperty("started_at").GetString());
        Assert.Equal(1.5, run.GetProperty("load_factor").GetDouble());
        Assert.Equal(2, run.GetProperty("compression").GetDouble());
        Assert.Equal("sqlite", run.GetProperty("store").GetString());
        Assert.Equal(10, run.GetProperty("warm_up_s").GetDouble());
        Assert.Equal("scenarios/city-smoke.yaml", run.GetProperty("scenario_file").GetString());

        var workload = root.GetProperty("workload").EnumerateArray().ToList();
        Assert.Equal(["keepalive", "alarm"], workload.Select(w => w.GetProperty("name").GetString()));
        Assert.Equal(2.5, workload[1].GetProperty("rate_per_s").GetDouble());
        Assert.Equal(48, workload[1].GetProperty("completed").GetInt64());

        Assert.Equal(1, root.GetProperty("per_operation").GetProperty("alarm").GetProperty("timed_out").GetInt64());
        Assert.Equal(1, root.GetProperty("failures").GetProperty("keepalive:not_registered").GetInt64());
        Assert.Equal(["t=15s kill_node 2", "t=20s node 2 recovered"],
            root.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Timeline_stays_out_of_summary_json()
    {
        using var doc = Read();
        Assert.False(doc.RootElement.TryGetProperty("timeline", out _));
        Assert.DoesNotContain("\"t_s\"", sample.Read("summary.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_threshold_without_a_value_is_written_as_null_with_its_error()
    {
        var run = SampleRuns.Create() with { Thresholds = [new("nonsense.p99 < 1ms", null, false, "unknown metric")] };
        using var doc = JsonDocument.Parse(SummaryJson.ToJson(run));
        var threshold = doc.RootElement.GetProperty("thresholds")[0];
        Assert.Equal(JsonValueKind.Null, threshold.GetProperty("value").ValueKind);
        Assert.Equal("unknown metric", threshold.GetProperty("error").GetString());
        Assert.False(doc.RootElement.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void A_non_finite_measurement_is_written_as_null_instead_of_breaking_the_file()
    {
        var run = SampleRuns.Create() with { ThroughputOps = double.NaN };
        using var doc = JsonDocument.Parse(SummaryJson.ToJson(run));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("throughput_ops").ValueKind);
    }

    [Fact]
    public void Percentiles_the_scenario_asked_for_are_written_beside_the_standard_ones()
    {
        var run = SampleRuns.Create();
        var alarm = run.Latency["alarm"] with { Extra = new Dictionary<string, double> { ["p9999"] = 49.87654 } };
        var json = SummaryJson.Build(run with { Latency = new Dictionary<string, LatencyStats>(run.Latency) { ["alarm"] = alarm } });

        Assert.Equal(49.877, json["latency_ms"]!["alarm"]!["p9999"]!.GetValue<double>());
        Assert.Equal(30.3, json["latency_ms"]!["alarm"]!["p99"]!.GetValue<double>());
        Assert.Null(json["latency_ms"]!["keepalive"]!["p9999"]);
        Assert.Contains("p9999", MarkdownReport.Render(run with { Latency = new Dictionary<string, LatencyStats>(run.Latency) { ["alarm"] = alarm } }));
    }
}
