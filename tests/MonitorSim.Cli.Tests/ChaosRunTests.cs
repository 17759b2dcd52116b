using System.Text.Json;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// The two-minute chaos run (scenarios/chaos.yaml's section on the small city, three nodes): freezes, a cut between the
/// workers, store outages and a kill at seeded random times; every fault recovers within 30 s and nothing acknowledged is
/// lost — no alarm, clue filing, clue listing or co-handled request. The ten-minute run on the whole city is outside CI
/// (docs/running.md#chaos-and-soak).
/// </summary>
[Collection(ChildProcessRunCollection.Name)]
public sealed class ChaosRunTests
{
    /// <summary>Seven faults from 15 s to 105 s, at least 12 s apart; freezes and cuts of 3–6 s stay under failure
    /// detection plus the resolver's stable-after, so only the kill (drawn last) loses a node.</summary>
    private const string Chaos = """
        chaos:
          seed: 7
          from: 15s
          until: 105s
          gap: 12s
          freeze_node: 2
          partition: 2
          store_unavailable: 2
          kill_node: 1
          for: { min: 3s, max: 6s }
        """;

    /// <summary>The supervision workflows beside the small city's keepalives and alarms: 2 petitions a second, each filed
    /// then listed, and a co-handled request a second, split over the three nodes' generators like the rest.</summary>
    private const string Supervision = """
          - name: petition
            operation: { kind: clue_intake, then: clue_listing }
            load:
              - inject: { rate: 2, interval: 1s }
          - name: co_handling
            operation: co_handling
            load:
              - inject: { rate: 1, interval: 1s }
        """;

    [Fact]
    public async Task Two_minutes_of_seeded_chaos_on_three_nodes_lose_nothing_acknowledged_and_every_fault_recovers_within_30_s()
    {
        using var dir = new TempDir();
        var scenario = dir.File("chaos.yaml");
        var yaml = SmallCityScenario.Yaml($"sqlite:{dir.File("store.db")}", null, duration: "2m")
            .Replace("faults: []\n", Supervision + "\n" + Chaos + "\n", StringComparison.Ordinal)
            .Replace("  - \"alarms_lost == 0\"\n", "  - \"alarms_lost == 0\"\n  - \"supervision_lost == 0\"\n", StringComparison.Ordinal);
        Assert.Contains("chaos:", yaml, StringComparison.Ordinal);
        Assert.Contains("supervision_lost", yaml, StringComparison.Ordinal);
        Assert.Contains("operation: co_handling", yaml, StringComparison.Ordinal);
        File.WriteAllText(scenario, yaml);
        var report = dir.File("report");

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(5), "run", scenario, "--nodes", "3", "--out", report);

        Assert.True(File.Exists(Path.Combine(report, "summary.json")), $"exit {result.ExitCode}:\n{result.Output}");
        var summary = Summary.Read(report);
        var all = string.Join("\n", summary.Events()) + "\n" + result.Output;
        var faults = summary.At("faults").EnumerateArray().ToList();
        // Every kind as drawn, the kill last, each injected (none skipped).
        Assert.Equal(7, faults.Count);
        Assert.Equal(2, faults.Count(f => f.Text("action") == "freeze_node"));
        Assert.Equal(2, faults.Count(f => f.Text("action") == "partition"));
        Assert.Equal(2, faults.Count(f => f.Text("action") == "store_unavailable"));
        Assert.Equal("kill_node", faults[^1].Text("action"));
        Assert.All(faults, f => Assert.DoesNotContain("skipped", f.Text("injected"), StringComparison.Ordinal));
        // Each recovered, within the 30 s target.
        foreach (var f in faults)
        {
            var recovered = f.At("recovered_after_s");
            Assert.True(recovered.ValueKind == JsonValueKind.Number, $"{f.Text("action")} at {f.Number("at_s")} s did not recover: {f.Text("outcome")}\n{all}");
            Assert.True(recovered.GetDouble() < 30, $"{f.Text("action")} at {f.Number("at_s")} s recovered after {recovered.GetDouble()} s: {f.Text("outcome")}");
        }
        // Nothing acknowledged was lost.
        Assert.True(summary.Long("alarm_audit.acknowledged") > 500, all);
        Assert.Equal(0, summary.Long("alarm_audit.missing"));
        Assert.Equal(summary.Long("alarm_audit.acknowledged"), summary.Long("alarm_audit.in_journal"));
        // Nor any clue filing, listing or co-handled request: about 240, 240 and 120 offered, most acknowledged.
        foreach (var (operation, least) in new[] { ("clue_intake", 150L), ("clue_listing", 150L), ("co_handling", 75L) })
        {
            var line = summary.At($"supervision_audit.operations.{operation}");
            Assert.True(line.Long("acknowledged") > least, $"{operation}: {line}\n{all}");
            Assert.Equal(0, line.Long("missing"));
            Assert.Equal(line.Long("acknowledged"), line.Long("in_journal"));
            Assert.Equal(0, line.Long("stored_twice"));
        }
        Assert.Equal(0, summary.Long("supervision_audit.missing"));
        Assert.Equal(0, result.ExitCode);
        var markdown = File.ReadAllText(Path.Combine(report, "report.md"));
        Assert.Contains("## Faults and recovery", markdown, StringComparison.Ordinal);
        Assert.Contains("## Nothing acknowledged lost", markdown, StringComparison.Ordinal);
    }
}
