namespace MonitorSim.Cli.Tests;

/// <summary><c>monitorsim compare</c> on report folders (no tree needed: it reads their summary.json).</summary>
public sealed class CompareCommandTests
{
    private static void WriteSummary(string dir, double alarmP99, double throughput)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "summary.json"), $$"""
            {
              "scenario": "xuzhou_baseline", "seed": 42, "duration_s": 60, "nodes": 1,
              "run": { "load_factor": 1 },
              "topology": { "platforms": 45, "points": 3108, "cameras": 17932 },
              "operations": { "offered": 1000, "completed": 1000, "failed": 0, "dropped": 0 },
              "throughput_ops": {{throughput}},
              "latency_ms": { "alarm": { "count": 10, "mean": 1, "p50": 1, "p90": 2, "p99": {{alarmP99}}, "p999": 5, "max": 6 } },
              "service_time_ms": { "alarm": { "count": 10, "mean": 1, "p50": 1, "p90": 2, "p99": 3, "p999": 5, "max": 6 } },
              "generator_lag_ms": { "p99": 1, "max": 2 },
              "thresholds": [ { "expr": "alarm.p99 < 250ms", "value": {{alarmP99}}, "passed": true } ],
              "resources": { "cpu_s": 10, "peak_working_set_mb": 200 }
            }
            """);
    }

    [Fact]
    public async Task Compare_prints_the_runs_side_by_side_and_writes_the_table_as_markdown()
    {
        using var dir = new TempDir();
        WriteSummary(dir.File("baseline"), alarmP99: 4, throughput: 326);
        WriteSummary(dir.File("peak"), alarmP99: 8, throughput: 368);
        var markdown = dir.File("cmp.md");

        var result = await Cli.RunAsync("compare", dir.File("baseline"), dir.File("peak"), "--out", markdown);

        result.ExpectExit(0);
        Assert.Contains("run 1 (baseline): xuzhou_baseline", result.Output, StringComparison.Ordinal);
        Assert.Contains("▼ +100%", result.Output, StringComparison.Ordinal);   // alarm p99 doubled: worse
        Assert.Contains("▲ +12.9%", result.Output, StringComparison.Ordinal);  // throughput up: better
        var table = await File.ReadAllTextAsync(markdown);
        Assert.Contains("| response time | alarm p99 (ms) | 4 | 8 | ▼ +100% |", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_needs_two_report_folders_and_names_one_that_is_not()
    {
        using var dir = new TempDir();
        WriteSummary(dir.File("baseline"), 4, 326);
        Directory.CreateDirectory(dir.File("nothing-here"));

        var one = await Cli.RunAsync("compare", dir.File("baseline"));
        var missing = await Cli.RunAsync("compare", dir.File("baseline"), dir.File("nothing-here"));

        one.ExpectExit(2);
        Assert.Contains("at least two", one.Output, StringComparison.Ordinal);
        missing.ExpectExit(2);
        Assert.Contains(dir.File("nothing-here"), missing.Output, StringComparison.Ordinal);
        Assert.Contains("summary.json", missing.Output, StringComparison.Ordinal);
    }
}
