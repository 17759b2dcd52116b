namespace MonitorSim.Cli.Tests;

/// <summary><c>faults: [{ at, store_unavailable: D }]</c>: the store takes no writes for D; alarms raised meanwhile are
/// late, not lost, and the run says when the store came back.</summary>
[Collection(TreeRunCollection.Name)]
public sealed class StoreOutageTests
{
    private static string Scenario(string store) =>
        $$"""
         name: store_outage
         seed: 42
         duration: 8s
         warm_up: 1s
         report_interval: 1s
         completion_timeout: 10s
         store: "{{store}}"
         topology: { platforms: 3, points: 12, cameras: 30, co_handling: { centres: 2, posts: 4 } }
         scenarios:
           - name: alarm
             operation: alarm
             load:
               - inject: { rate: 20, interval: 1s }
         faults:
           - { at: 3s, store_unavailable: 2s }
         thresholds:
           - "alarms_lost == 0"

         """;

    [Fact]
    public async Task Alarms_raised_while_the_store_takes_no_writes_wait_for_it_and_none_is_lost()
    {
        using var dir = new TempDir();
        var scenario = dir.File("outage.yaml");
        File.WriteAllText(scenario, Scenario($"sqlite:{dir.File("store.db")}"));
        var report = dir.File("report");

        var result = (await Cli.RunAsync("run", scenario, "--out", report)).ExpectExit(0);

        var summary = Summary.Read(report);
        var events = string.Join("\n", summary.Events());
        Assert.Contains("unavailable for writes for 2s", events, StringComparison.Ordinal);
        Assert.Matches(@"the store took writes again after 2\.\d s", events);
        // An alarm is acknowledged only once stored: those raised during the outage waited for it.
        Assert.True(summary.Number("latency_ms.alarm.max") >= 1000, $"alarm max {summary.Number("latency_ms.alarm.max")} ms\n{result.Output}");
        Assert.Equal(0, summary.Long("per_operation.alarm.failed"));
        Assert.Equal(0, summary.Long("alarm_audit.missing"));
        Assert.True(summary.Long("alarm_audit.acknowledged") >= 140, events);
    }

    [Fact]
    public async Task The_memory_store_cannot_be_made_unavailable_and_the_run_says_so()
    {
        using var dir = new TempDir();
        var scenario = dir.File("outage.yaml");
        File.WriteAllText(scenario, Scenario("memory").Replace("alarms_lost == 0", "alarm.p99 < 5s", StringComparison.Ordinal));
        var report = dir.File("report");

        (await Cli.RunAsync("run", scenario, "--out", report)).ExpectExit(0);

        Assert.Contains(Summary.Read(report).Events(), e => e.Contains("fault skipped: the memory store", StringComparison.Ordinal));
    }
}
