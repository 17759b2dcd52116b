using System.Text.Json;

namespace MonitorSim.Cli.Tests;

/// <summary>Whole runs of <c>monitorsim run</c> on a tiny city: exit codes and the report files other tools read.</summary>
[Collection(TreeRunCollection.Name)]
public sealed class RunEndToEndTests
{
    private static readonly string[] LatencyFields = ["count", "mean", "p50", "p90", "p99", "p999", "max"];

    [Fact]
    public async Task Run_on_a_tiny_scenario_writes_a_valid_summary()
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir);
        var report = dir.File("report");

        (await Cli.RunAsync("run", scenario, "--out", report)).ExpectExit(0);

        foreach (var file in new[] { "summary.json", "report.md", "report.html", "timeline.csv", "run.log" })
        {
            var path = Path.Combine(report, file);
            Assert.True(File.Exists(path), $"{file} was not written");
            Assert.True(new FileInfo(path).Length > 0, $"{file} is empty");
        }

        var s = Summary.Read(report);
        Assert.Equal(TinyScenario.Name, s.Text("scenario"));
        Assert.Equal(42, s.Long("seed"));
        Assert.Equal(4.0, s.Number("duration_s"));
        Assert.Equal(3, s.Long("topology.platforms"));
        Assert.Equal(12, s.Long("topology.points"));
        Assert.Equal(30, s.Long("topology.cameras"));
        Assert.Equal(1, s.Long("nodes"));

        Assert.True(s.Long("operations.offered") > 0, "nothing was offered");
        Assert.True(s.Long("operations.completed") > 0, "nothing completed");
        Assert.True(s.Long("operations.failed") >= 0);
        Assert.True(s.Long("operations.dropped") >= 0);
        Assert.True(s.Number("throughput_ops") > 0, "throughput_ops is not positive");

        foreach (var section in new[] { "latency_ms", "service_time_ms" })
            foreach (var operation in new[] { "keepalive", "alarm" })
                foreach (var field in LatencyFields)
                    Assert.True(s.Number($"{section}.{operation}.{field}") >= 0, $"{section}.{operation}.{field} is negative");
        Assert.True(s.Long("latency_ms.keepalive.count") > 0, "no keepalive was measured");
        Assert.True(s.Long("latency_ms.alarm.count") > 0, "no alarm was measured");
        Assert.True(s.Number("generator_lag_ms.p99") >= 0);
        Assert.True(s.Number("generator_lag_ms.max") >= 0);

        var thresholds = s.At("thresholds");
        Assert.Equal(JsonValueKind.Array, thresholds.ValueKind);
        var threshold = Assert.Single(thresholds.EnumerateArray());
        Assert.Equal("alarm.p99 < 5s", threshold.Text("expr"));
        Assert.True(threshold.Number("value") >= 0);
        Assert.True(threshold.At("passed").GetBoolean(), "the threshold 'alarm.p99 < 5s' did not pass");

        Assert.True(s.Number("resources.cpu_s") > 0, "resources.cpu_s is not positive");
        Assert.True(s.Number("resources.peak_working_set_mb") > 0, "resources.peak_working_set_mb is not positive");

        var timeline = File.ReadAllLines(Path.Combine(report, "timeline.csv"));
        var header = timeline[0].Split(',');
        Assert.Equal("t_s", header[0]);
        var rows = timeline.Skip(1).Where(l => l.Length > 0).ToList();
        Assert.True(rows.Count >= 3, $"timeline.csv has {rows.Count} rows, expected at least 3 for a 4 s run reported every 1 s");
        Assert.All(rows, row => Assert.Equal(header.Length, row.Split(',').Length));
    }

    [Fact]
    public async Task A_threshold_that_cannot_hold_exits_1()
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir, threshold: "keepalive.p99 < 1us");
        var report = dir.File("report");

        var result = (await Cli.RunAsync("run", scenario, "--out", report)).ExpectExit(1);

        Assert.Contains("FAIL keepalive.p99 < 1us", result.Output, StringComparison.Ordinal);
        var s = Summary.Read(report);
        var threshold = Assert.Single(s.At("thresholds").EnumerateArray());
        Assert.Equal("keepalive.p99 < 1us", threshold.Text("expr"));
        Assert.True(threshold.Number("value") > 0.001, "keepalive p99 was measured below 1 µs");
        Assert.False(threshold.At("passed").GetBoolean());
        Assert.False(s.At("passed").GetBoolean());
    }
}
