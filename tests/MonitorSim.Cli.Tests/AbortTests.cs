namespace MonitorSim.Cli.Tests;

/// <summary>A threshold with <c>abort: true</c> stops a run as soon as it fails (a self-test scenario: no tree needed).</summary>
public sealed class AbortTests
{
    [Fact]
    public async Task A_failing_abort_threshold_stops_the_run_and_exits_1_with_its_reports()
    {
        using var dir = new TempDir();
        var scenario = dir.File("abort.yaml");
        await File.WriteAllTextAsync(scenario, """
            name: abort_check
            duration: 30s
            warm_up: 1s
            completion_timeout: 1s
            scenarios:
              - name: slow
                operation: { target: fixed_delay, delay: 50ms }
                load:
                  - inject: { rate: 50, interval: 1s }
            thresholds:
              - { expr: "fixed_delay.p99 < 10ms", abort: true }
            """);

        var result = await Cli.RunAsync("run", scenario, "--out", dir.File("report"));

        result.ExpectExit(1);
        var summary = Summary.Read(dir.File("report"));
        Assert.Contains(summary.Events(), e => e.Contains("run aborted: threshold 'fixed_delay.p99 < 10ms' failed", StringComparison.Ordinal));
        var threshold = summary.At("thresholds").EnumerateArray().Single();
        Assert.False(threshold.GetProperty("passed").GetBoolean());
        Assert.True(File.ReadAllLines(Path.Combine(dir.File("report"), "timeline.csv")).Length < 15, "the run went on instead of stopping");
    }
}
