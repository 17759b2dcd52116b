using System.Globalization;
using System.Text.RegularExpressions;
using MonitorSim.Harness.Isolation;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// <c>monitorsim run --nodes N --node-cpus Q [--generator-cpus G]</c>: quotas that do not fit the machine are refused before
/// anything starts (exit 2, naming the option), as size's are; one short run of the tiny city on two capped nodes says in
/// its reports that its nodes were CPU-isolated and that both node processes were still in their groups at the end of the
/// load, and leaves no group behind. The run is skipped where this host offers no writable cgroup cpu controller.
/// </summary>
[Collection(ChildProcessRunCollection.Name)]
public sealed partial class RunNodeCpusTests
{
    private static string Cores(double cores) => cores.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("--node-cpus 0", "--node-cpus: must be > 0 cores, got 0")]
    [InlineData("--node-cpus 1000", "--node-cpus: 1000 cores is above this machine's")]
    [InlineData("--node-cpus 0.4 --generator-cpus 0", "--generator-cpus: must be > 0 and below this machine's")]
    [InlineData("--generator-cpus 0.5", "--generator-cpus: applies only with --node-cpus")]
    [InlineData("--node-cpus 0.4 --remote-nodes 1",
        "--node-cpus: caps the node processes on this machine; nodes from other hosts (--remote-nodes) would run uncapped")]
    public async Task Quotas_that_cannot_be_kept_on_this_machine_are_bad_input_naming_the_option(string options, string expected)
    {
        using var dir = new TempDir();

        var result = await Cli.RunAsync(["run", TinyScenario.WriteTo(dir), .. options.Split(' '), "--out", dir.File("out")]);

        result.ExpectExit(2);
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out", "summary.json")), "nothing is run on bad input");
    }

    [Fact]
    public async Task Nodes_times_the_quota_above_the_cores_the_generator_leaves_are_bad_input()
    {
        using var dir = new TempDir();
        // Four nodes of a quarter of the machine each fill it, leaving nothing for the generator's half core.
        var quota = Cores(Environment.ProcessorCount / 4.0);

        var result = await Cli.RunAsync("run", TinyScenario.WriteTo(dir), "--nodes", "4", "--node-cpus", quota, "--out", dir.File("out"));

        result.ExpectExit(2);
        Assert.Contains($"--node-cpus: 4 nodes × {quota} cores", result.Output, StringComparison.Ordinal);
        Assert.Contains("the nodes would share cores", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out", "summary.json")));
    }

    [SkippableFact]
    public async Task A_run_on_two_capped_nodes_reports_the_isolation_and_leaves_no_group_behind()
    {
        var (cgroups, problem) = CpuCgroups.Detect();
        Skip.If(cgroups is null, problem);
        using var dir = new TempDir();
        var report = dir.File("report");

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(3), "run", TinyScenario.WriteTo(dir), "--nodes", "2", "--node-cpus", "0.4", "--out", report);

        // The verdict is the tiny city's own threshold; what is checked here is where its nodes ran.
        Assert.True(result.ExitCode is 0 or 1, $"exit {result.ExitCode}: {result.Output}");
        // The console wraps its lines to its width.
        Assert.Contains($"CPU isolation: {cgroups!.Version} at {cgroups.Root}: each node process capped at 0.4 cores",
            result.Output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        var summary = Summary.Read(report);
        Assert.Equal(2, summary.Long("nodes"));
        Assert.Equal(0.4, summary.Number("run.cpu_isolation.node_cpus"));
        Assert.Equal(cgroups.IsV2 ? "cgroup v2" : "cgroup v1", summary.Text("run.cpu_isolation.hierarchy"));
        Assert.Equal(!cgroups.IsV2, summary.At("run.cpu_isolation.generator_apart").GetBoolean());
        var events = summary.Events();
        var all = string.Join("\n", events);
        var capped = Assert.Single(events, e => e.StartsWith("CPU-isolated nodes: ", StringComparison.Ordinal));
        var match = CappedNodes().Match(capped);
        Assert.True(match.Success, capped);
        var (node1, node2) = (match.Groups[1].Value, match.Groups[2].Value);
        // Both node processes were in their groups when the load ended.
        Assert.Contains($"CPU caps held to the end of the load: node 1 (pid {node1}), node 2 (pid {node2}) each still in a group of its own capped at 0.4 cores",
            events);
        Assert.DoesNotContain("UNCAPPED", all, StringComparison.Ordinal);
        var md = await File.ReadAllTextAsync(Path.Combine(report, "report.md"));
        Assert.Contains("| CPU isolation | 0.4 cores per node process, capped once the tree had started", md, StringComparison.Ordinal);
        // The caps were lifted and the groups removed when the run ended (node 1 is the run's own process).
        Assert.Empty(Directory.EnumerateDirectories(cgroups.Root, $"monitorsim-{node1}-*"));
    }

    [GeneratedRegex(@"^CPU-isolated nodes: node 1 \(pid (\d+)\), node 2 \(pid (\d+)\) capped at 0\.4 cores each from the end of the tree's start to the end of the run; ")]
    private static partial Regex CappedNodes();
}
