using System.Text.Json;
using MonitorSim.TestSupport;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// scenarios/province-cascade.yaml end to end: three small cities cascade to a province platform; one city platform
/// crashes and restarts, another city's link to the province is cut, then the province platform crashes and restarts.
/// Each re-syncs at the province within the 30 s target (after the province's restart, every city), every alarm acknowledged to its camera is recorded at the province, and the report gives the city → province
/// hop beside the alarm's other hops.
/// </summary>
[Collection(TreeRunCollection.Name)]
public sealed class ProvinceCascadeRunTests
{
    [Fact]
    public async Task The_province_cascade_re_syncs_after_a_city_restart_a_cut_link_and_a_province_restart_and_loses_no_acknowledged_alarm()
    {
        using var dir = new TempDir();
        var report = dir.File("report");

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(5), "run", RepoPaths.Scenario("province-cascade.yaml"), "--out", report);

        Assert.True(File.Exists(Path.Combine(report, "summary.json")), $"exit {result.ExitCode}:\n{result.Output}");
        var summary = Summary.Read(report);
        var all = string.Join("\n", summary.Events()) + "\n" + result.Output;
        var faults = summary.At("faults").EnumerateArray().ToList();
        Assert.Equal(["restart", "cut_province_link", "restart"], faults.Select(f => f.Text("action")));
        Assert.Contains("re-synced at the province", faults[0].Text("outcome"), StringComparison.Ordinal);
        // The province pulled the restarted city's catalog: its copy ends equal to the city's, item by item.
        Assert.Contains("its catalog at the province equal to the city's item by item", faults[0].Text("outcome"), StringComparison.Ordinal);
        Assert.Contains("caught up", faults[1].Text("outcome"), StringComparison.Ordinal);
        Assert.Contains("every city re-synced at it", faults[2].Text("outcome"), StringComparison.Ordinal);
        Assert.Contains("before the crash are still recorded there", faults[2].Text("outcome"), StringComparison.Ordinal);
        foreach (var f in faults)
        {
            var recovered = f.At("recovered_after_s");
            Assert.True(recovered.ValueKind == JsonValueKind.Number, $"{f.Text("action")} did not re-sync: {f.Text("outcome")}\n{all}");
            Assert.True(recovered.GetDouble() < 30, $"{f.Text("action")} re-synced after {recovered.GetDouble()} s: {f.Text("outcome")}");
        }
        // The audit reads the province's own record: every acknowledged alarm is there.
        Assert.True(summary.Long("alarm_audit.acknowledged") > 200, all);
        Assert.Equal(0, summary.Long("alarm_audit.missing"));
        Assert.Equal(summary.Long("alarm_audit.acknowledged"), summary.Long("alarm_audit.in_journal"));
        Assert.Contains(summary.Events(), e => e.StartsWith("alarm audit: all", StringComparison.Ordinal) && e.Contains("at the province", StringComparison.Ordinal));
        // The hop to the province is measured beside the others.
        var latency = summary.At("latency_ms");
        Assert.True(latency.TryGetProperty("alarm.city_to_province", out var hop), all);
        Assert.True(hop.GetProperty("count").GetInt64() > 100, hop.ToString());
        Assert.True(latency.TryGetProperty("alarm.platform_to_city", out _));
        Assert.Contains("alarm.city_to_province", File.ReadAllText(Path.Combine(report, "report.md")), StringComparison.Ordinal);
        // Each city's catalog at the run's end: what it passed up, and the province's copy compared with the city's own.
        var catalogs = summary.Events().Where(e => e.Contains("'s catalog: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, catalogs.Count);
        Assert.All(catalogs, c => Assert.Contains("the province's copy", c, StringComparison.Ordinal));
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}:\n{result.Output}");
    }
}
