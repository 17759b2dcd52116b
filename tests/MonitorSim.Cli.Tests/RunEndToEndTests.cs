using System.Text.Json;

namespace MonitorSim.Cli.Tests;

/// <summary>Whole runs of <c>monitorsim run</c> on a tiny city: exit codes and the report files other tools read.</summary>
[Collection(TreeRunCollection.Name)]
public sealed class RunEndToEndTests
{
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

        // The measured window is the 2 s after the 2 s warm-up. Known exactly from the scenario: 20 alarms/s and 10
        // service flows/s, uniform → 40 and 20; each of the 30 cameras keeps alive once per 2 s on its own phase → 30.
        // Registrations refresh every 30 s on random phases: how many fall in the window depends on the seed's phases.
        var registrations = s.Long("per_operation.registration.offered");
        Assert.InRange(registrations, 0, 30);
        ExpectAllAnswered(s, "alarm", 40);
        ExpectAllAnswered(s, "service_flow", 20);
        ExpectAllAnswered(s, "keepalive", 30);
        ExpectAllAnswered(s, "registration", registrations);
        var offered = 40 + 20 + 30 + registrations;
        Assert.Equal(offered, s.Long("operations.offered"));
        Assert.Equal(offered, s.Long("operations.completed"));
        Assert.Equal(0, s.Long("operations.failed"));
        Assert.Equal(0, s.Long("operations.dropped"));
        Assert.Equal(0, s.Long("operations.timed_out"));
        Assert.Equal(JsonValueKind.Object, s.At("failures").ValueKind);
        Assert.Empty(s.At("failures").EnumerateObject());
        // Throughput is completed over the measured window's 2 s.
        Assert.Equal(offered / 2.0, s.Number("throughput_ops"), 0.5);

        foreach (var operation in new[] { "keepalive", "alarm", "service_flow" })
        {
            ExpectOrderedPercentiles(s, $"latency_ms.{operation}", s.Long($"per_operation.{operation}.offered"));
            ExpectOrderedPercentiles(s, $"service_time_ms.{operation}", s.Long($"per_operation.{operation}.offered"));
            // Response time counts from the intended start, service time from the actual one, which is never earlier.
            Assert.True(s.Number($"latency_ms.{operation}.mean") >= s.Number($"service_time_ms.{operation}.mean") - 0.001,
                $"{operation}: response mean below service mean");
        }
        // One lag sample per operation issued in the measured window.
        ExpectOrderedPercentiles(s, "generator_lag_ms", offered, positive: false);

        var thresholds = s.At("thresholds");
        Assert.Equal(JsonValueKind.Array, thresholds.ValueKind);
        var threshold = Assert.Single(thresholds.EnumerateArray());
        Assert.Equal("alarm.p99 < 5s", threshold.Text("expr"));
        // The threshold's value is the alarm's response p99 itself, checked at every report after the warm-up (2 s of 1 s rows).
        Assert.Equal(s.Number("latency_ms.alarm.p99"), threshold.Number("value"));
        Assert.True(threshold.At("passed").GetBoolean(), "the threshold 'alarm.p99 < 5s' did not pass");
        Assert.True(threshold.Long("checks") >= 2, $"checked {threshold.Long("checks")} times in a 2 s window reported every 1 s");
        Assert.Equal(0, threshold.Long("failed_checks"));
        Assert.True(s.At("passed").GetBoolean());

        // Every alarm acknowledged in the whole run (warm-up included: 20/s × 4 s) is in the journal.
        Assert.Equal(80, s.Long("alarm_audit.acknowledged"));
        Assert.Equal(80, s.Long("alarm_audit.in_journal"));
        Assert.Equal(0, s.Long("alarm_audit.missing"));

        // The resources reported at the top are the measured window's, and that window is the 2 s the statistics cover.
        Assert.Equal(s.Number("resources.measured.cpu_s"), s.Number("resources.cpu_s"), 0.01);
        Assert.Equal(s.Number("resources.measured.allocated_mb"), s.Number("resources.allocated_mb"), 0.1);
        Assert.InRange(s.Number("resources.measured.wall_s"), 1.9, 2.5);
        Assert.Equal(s.Number("resources.measured.cpu_s") / s.Number("resources.measured.wall_s"),
            s.Number("resources.measured.busy_cores"), 0.01);
        Assert.True(s.Number("resources.measured.cpu_s") > 0, "the tree did work in the measured window: its CPU time is not 0");
        Assert.True(s.Number("resources.peak_working_set_mb") > 0, "resources.peak_working_set_mb is not positive");

        var timeline = File.ReadAllLines(Path.Combine(report, "timeline.csv"));
        var header = timeline[0].Split(',');
        Assert.Equal("t_s", header[0]);
        var rows = timeline.Skip(1).Where(l => l.Length > 0).ToList();
        Assert.True(rows.Count >= 3, $"timeline.csv has {rows.Count} rows, expected at least 3 for a 4 s run reported every 1 s");
        Assert.All(rows, row => Assert.Equal(header.Length, row.Split(',').Length));
    }

    private static void ExpectAllAnswered(JsonElement s, string operation, long expected)
    {
        Assert.Equal(expected, s.Long($"per_operation.{operation}.offered"));
        Assert.Equal(expected, s.Long($"per_operation.{operation}.completed"));
        Assert.Equal(0, s.Long($"per_operation.{operation}.failed"));
        Assert.Equal(0, s.Long($"per_operation.{operation}.dropped"));
        Assert.Equal(0, s.Long($"per_operation.{operation}.timed_out"));
    }

    /// <summary>A histogram holding exactly <paramref name="count"/> values, none clipped: its percentiles ascend to its
    /// max and its mean lies within its range.</summary>
    private static void ExpectOrderedPercentiles(JsonElement s, string path, long count, bool positive = true)
    {
        Assert.Equal(count, s.Long($"{path}.count"));
        Assert.Equal(0, s.Long($"{path}.clipped"));
        var p = new[] { "p50", "p90", "p99", "p999", "max" }.Select(f => s.Number($"{path}.{f}")).ToArray();
        for (var i = 1; i < p.Length; i++)
            Assert.True(p[i] >= p[i - 1], $"{path}: percentiles out of order: {string.Join(", ", p)}");
        if (positive) Assert.True(p[0] > 0, $"{path}.p50 is 0: nothing is answered in no time");
        Assert.InRange(s.Number($"{path}.mean"), 0.0, p[^1]);
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
