using System.Text.Json;

namespace MonitorSim.Cli.Tests;

/// <summary><c>monitorsim size</c>: bad input is refused before any tree starts (exit 2, saying what is wrong); one short
/// end-to-end run on the tiny city writes the plan with its held-out check.</summary>
public sealed class SizeCommandTests
{
    [Fact]
    public async Task A_missing_scenario_file_is_bad_input()
    {
        using var dir = new TempDir();

        var result = await Cli.RunAsync("size", dir.File("nowhere.yaml"), "--out", dir.File("out"));

        result.ExpectExit(2);
        Assert.Contains("nowhere.yaml", result.Output);
    }

    [Theory]
    [InlineData("--slo", "alarm.p99 <", "--slo:")]
    [InlineData("--slo", "alarm.p99 ~ 250ms", "--slo:")]
    [InlineData("--target-utilization", "1.5", "--target-utilization: must lie between 0 and 1")]
    [InlineData("--target-utilization", "0", "--target-utilization: must lie between 0 and 1")]
    [InlineData("--growth", "-2", "--growth: must be > 0")]
    [InlineData("--peak-factor", "0.5", "--peak-factor: must be at least 1")]
    [InlineData("--cores-per-node", "0", "--cores-per-node: must be 1 to 1024")]
    [InlineData("--ratio", "1", "--ratio: the step ratio must be > 1")]
    [InlineData("--start", "0", "--start: the first load factor must be > 0")]
    [InlineData("--max-steps", "3", "--max-steps: at least 5 steps")]
    [InlineData("--steady", "0s", "--steady: '0s' is not a positive duration")]
    [InlineData("--warm-up", "soon", "--warm-up: 'soon' is not a duration")]
    [InlineData("--settle", "-5s", "--settle: '-5s' is not a duration")]
    [InlineData("--nodes", "0", "--nodes: '0' is not a node count from 1 to 8")]
    [InlineData("--nodes", "1,9", "--nodes: '9' is not a node count from 1 to 8")]
    [InlineData("--nodes", "1,two", "--nodes: 'two' is not a node count")]
    [InlineData("--nodes", "2,1,2", "--nodes: 2 is listed twice")]
    public async Task An_out_of_range_or_malformed_option_is_bad_input_and_names_the_option(string option, string value, string expected)
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir);

        var result = await Cli.RunAsync("size", scenario, option, value, "--out", dir.File("out"));

        result.ExpectExit(2);
        Assert.Contains(expected, result.Output);
        Assert.False(File.Exists(dir.File("out", "sizing.json")), "nothing is run on bad input");
    }

    [Fact]
    public async Task Size_steps_the_tiny_city_on_one_and_two_nodes_and_writes_the_plan_with_its_held_out_check_and_node_axis()
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir);
        var outDir = dir.File("out");

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(4), "size", scenario, "--slo", "alarm.p99<5s", "--warm-up", "1s", "--steady", "2s",
            "--settle", "1s",
            "--max-steps", "5", "--growth", "3", "--nodes", "2,1", "--out", outDir);

        result.ExpectExit(0);
        foreach (var name in new[] { "sizing.md", "sizing.html", "sizing.json" }) Assert.True(File.Exists(Path.Combine(outDir, name)), name);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "sizing.json")));
        var root = doc.RootElement;
        // Both cluster sizes ran the whole series, the smaller first (the plan's).
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(10, steps.Count);
        Assert.Equal([1, 1, 1, 1, 1, 2, 2, 2, 2, 2], steps.Select(s => s.GetProperty("nodes").GetInt32()));
        Assert.Equal([1.0, 2, 4, 8, 16, 1, 2, 4, 8, 16], steps.Select(s => s.GetProperty("load_factor").GetDouble()));
        // Offered load follows the load factor (the tiny city offers 20 alarms/s and 15 keepalives/s at 1, plus registrations).
        var first = steps[0].GetProperty("offered_ops").GetDouble();
        var last = steps[4].GetProperty("offered_ops").GetDouble();
        Assert.InRange(last / first, 12, 20);
        // On two nodes the load is the same: every node drives its own platforms, and the coordinator counts them all.
        Assert.InRange(steps[9].GetProperty("offered_ops").GetDouble() / last, 0.9, 1.1);
        Assert.All(steps, s => Assert.True(s.GetProperty("cpu_s").GetDouble() > 0, "every step measured CPU"));
        Assert.Equal(JsonValueKind.Null, steps[4].GetProperty("cpu_s_by_node").ValueKind);
        var byNode = steps[9].GetProperty("cpu_s_by_node").EnumerateObject().ToList();
        Assert.Equal(["1", "2"], byNode.Select(n => n.Name));
        Assert.All(byNode, n => Assert.True(n.Value.GetDouble() > 0, $"node {n.Name} measured CPU"));
        // Each cluster size has its own store file, and alarms are journalled.
        Assert.True(steps[4].GetProperty("journal_rows").GetInt64() > 0);
        Assert.True(steps[9].GetProperty("journal_rows").GetInt64() > 0);
        Assert.True(File.Exists(Path.Combine(outDir, "size-1-nodes.db")) && File.Exists(Path.Combine(outDir, "size-2-nodes.db")));

        var validation = root.GetProperty("validation");
        Assert.Equal(4, validation.GetProperty("held_out_step").GetInt32());
        Assert.True(validation.GetProperty("throughput_error").GetDouble() < 0.15, validation.ToString());
        var tree = root.GetProperty("plan").GetProperty("roles")[0];
        Assert.Equal("tree", tree.GetProperty("role").GetString());
        Assert.True(tree.GetProperty("cores").GetInt32() >= 1);
        Assert.Equal(3, root.GetProperty("plan").GetProperty("growth").GetDouble());

        // The node axis: each size's demand line (or, on a machine too busy to measure 2 nodes, the reason it was left out),
        // and production's nodes planned.
        var nodes = root.GetProperty("nodes");
        var costs = nodes.GetProperty("costs").EnumerateArray().ToList();
        var leftOut = nodes.GetProperty("left_out").EnumerateArray().ToList();
        Assert.Equal(1, costs[0].GetProperty("nodes").GetInt32());
        Assert.Equal([1, 2], costs.Select(c => c.GetProperty("nodes").GetInt32()).Concat(leftOut.Select(l => l.GetProperty("nodes").GetInt32())).Order());
        Assert.All(costs, c => Assert.True(c.GetProperty("demand_us").GetDouble() > 0));
        Assert.All(leftOut, l => Assert.False(string.IsNullOrEmpty(l.GetProperty("reason").GetString())));
        Assert.Equal(1, nodes.GetProperty("planned_nodes").GetInt32());
        Assert.Contains("Node count", await File.ReadAllTextAsync(Path.Combine(outDir, "sizing.md")));
    }
}
