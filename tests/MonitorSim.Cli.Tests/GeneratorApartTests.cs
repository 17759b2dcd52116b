using System.Text.RegularExpressions;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// <c>monitorsim run --nodes 2 --generator-apart</c>: the load generator has a process of its own, which hosts no part of
/// the tree; the other node hosts all of it, and every operation crosses between the two as real devices' messages cross
/// the network to their platform.
/// </summary>
[Collection(ChildProcessRunCollection.Name)]
public sealed class GeneratorApartTests
{
    [Fact]
    public async Task Node_1_drives_every_platform_while_node_2_hosts_them_all_and_no_acknowledged_alarm_is_lost()
    {
        using var dir = new TempDir();
        var scenario = dir.File("scenario.yaml");
        File.WriteAllText(scenario, SmallCityScenario.Yaml($"sqlite:{dir.File("store.db")}", null, duration: "25s"));
        var report = dir.File("report");

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(3), "run", scenario, "--nodes", "2", "--generator-apart", "--out", report);

        Assert.True(File.Exists(Path.Combine(report, "summary.json")), $"exit {result.ExitCode}:\n{result.Output}");
        var summary = Summary.Read(report);
        var all = string.Join("\n", summary.Events()) + "\n" + result.Output;
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, summary.Long("nodes"));
        // Every platform of the small city (6) and its 300 cameras on node 2, none on node 1; node 1 generates all of the load.
        var placement = Assert.Single(summary.Events(), e => e.StartsWith("cluster of 2 nodes", StringComparison.Ordinal));
        Assert.Matches(new Regex(@"node 1: 0 \(0 cameras\), node 2: 6 \(300 cameras\)$"), placement);
        Assert.Contains(summary.Events(), e => e.StartsWith("load generated on node 1 only, apart from the tree", StringComparison.Ordinal));
        // The device messages crossed: the keepalives of 300 cameras every 3 s (100 a second over 20 s) were all answered.
        Assert.True(summary.Long("per_operation.keepalive.completed") > 1_500, all);
        Assert.Equal(summary.Long("per_operation.keepalive.offered"), summary.Long("per_operation.keepalive.completed"));
        Assert.Equal(0, summary.Long("operations.failed"));
        Assert.True(summary.Long("alarm_audit.acknowledged") > 100, all);
        Assert.Equal(0, summary.Long("alarm_audit.missing"));
    }

    [Fact]
    public async Task Without_another_node_the_generator_cannot_run_apart()
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir, store: "memory");

        var result = (await Cli.RunAsync("run", scenario, "--generator-apart", "--out", dir.File("report"))).ExpectExit(2);

        Assert.Contains("--generator-apart: this process then hosts no part of the tree, so the tree needs another node: add --nodes 2", result.Output,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killing_the_only_node_that_hosts_the_tree_is_bad_input_naming_the_scenario_line()
    {
        using var dir = new TempDir();
        var scenario = dir.File("crash.yaml");
        File.WriteAllText(scenario, SmallCityScenario.Yaml("memory", "{ at: 15s, kill_node: 2 }"));

        var result = (await Cli.RunAsync("run", scenario, "--nodes", "2", "--generator-apart", "--out", dir.File("report"))).ExpectExit(2);

        Assert.Contains("crash.yaml:19: faults: kill_node kills node 2, the only node that hosts the tree with --generator-apart", result.Output,
            StringComparison.Ordinal);
    }
}
