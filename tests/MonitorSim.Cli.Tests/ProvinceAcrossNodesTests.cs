using System.Text.Json;
using System.Text.RegularExpressions;
using MonitorSim.TestSupport;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// scenarios/province-cascade.yaml with <c>--nodes 3</c>: the coordinator (node 1) holds the province platform and drives
/// the load; each city's platforms, points and city platform live on nodes 2 and 3. The cities register with the
/// province from the nodes that host them, alarms climb with an acknowledgment at each hop, a city restart, a cut link
/// and the province platform's own restart re-sync at the province, and no acknowledged alarm is lost.
/// </summary>
[Collection(TreeRunCollection.Name)]
public sealed partial class ProvinceAcrossNodesTests
{
    [GeneratedRegex(@"^city (\w+): city platform on node (\d+), registered with the province from node (\d+); platforms and points per node: (.*)$")]
    private static partial Regex CityLine();

    [Fact]
    public async Task A_province_on_three_nodes_keeps_only_the_province_platform_on_the_coordinator_and_loses_no_acknowledged_alarm()
    {
        using var dir = new TempDir();
        var report = dir.File("report");

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(4), "run", RepoPaths.Scenario("province-cascade.yaml"), "--nodes", "3",
            "--duration", "28s", "--out", report);

        Assert.True(File.Exists(Path.Combine(report, "summary.json")), $"exit {result.ExitCode}:\n{result.Output}");
        var summary = Summary.Read(report);
        var events = summary.Events();
        var all = string.Join("\n", events) + "\n" + result.Output;
        // Each city's tree on the workers: its city platform there (and registered with the province from there), its
        // platforms and points spread over nodes 2 and 3 by the city's own shard coordinator, none on node 1.
        var cities = events.Select(e => CityLine().Match(e)).Where(m => m.Success).ToList();
        Assert.Equal(["xuzhou", "nanjing", "suzhou"], cities.Select(m => m.Groups[1].Value));
        foreach (var city in cities)
        {
            Assert.NotEqual("1", city.Groups[2].Value);
            Assert.Equal(city.Groups[2].Value, city.Groups[3].Value);
            Assert.DoesNotContain("node 1", city.Groups[4].Value, StringComparison.Ordinal);
            Assert.Matches("node [23]: [1-9]", city.Groups[4].Value);
        }
        // Node n joins city n − 2 first, so the first two cities' platforms live on different nodes.
        Assert.Equal(["2", "3"], cities.Take(2).Select(m => m.Groups[2].Value));
        // The city platform's restart, the cut link and the province's restart re-sync at the province, well within the
        // 30 s target.
        var faults = summary.At("faults").EnumerateArray().ToList();
        Assert.Equal(["restart", "cut_province_link", "restart"], faults.Select(f => f.Text("action")));
        Assert.Contains("every city re-synced at it", faults[2].Text("outcome"), StringComparison.Ordinal);
        foreach (var f in faults)
        {
            var recovered = f.At("recovered_after_s");
            Assert.True(recovered.ValueKind == JsonValueKind.Number, $"{f.Text("action")} did not re-sync: {f.Text("outcome")}\n{all}");
            Assert.True(recovered.GetDouble() < 30, $"{f.Text("action")} re-synced after {recovered.GetDouble()} s");
        }
        // Acknowledged at each hop: the cameras' (the alarm's own latency), platform → city, city → province.
        var latency = summary.At("latency_ms");
        foreach (var hop in new[] { "alarm", "alarm.platform_to_city", "alarm.city_to_province" })
            Assert.True(latency.TryGetProperty(hop, out var stats) && stats.GetProperty("count").GetInt64() > 100, $"{hop}:\n{all}");
        Assert.True(summary.Long("alarm_audit.acknowledged") > 100, all);
        Assert.Equal(0, summary.Long("alarm_audit.missing"));
        Assert.Equal(summary.Long("alarm_audit.acknowledged"), summary.Long("alarm_audit.in_journal"));
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}:\n{result.Output}");
    }
}
