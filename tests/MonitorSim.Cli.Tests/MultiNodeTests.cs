using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// <c>monitorsim run --nodes 3</c>: three processes on loopback form one cluster, the platforms spread over them, a worker
/// killed outright comes back on the survivors, no acknowledged alarm is lost, and no node process outlives the run.
/// </summary>
[Collection(ChildProcessRunCollection.Name)]
public sealed partial class MultiNodeTests
{
    /// <summary>The small city with node 2 killed at 15 s.</summary>
    private const string KillNode2 = "{ at: 15s, kill_node: 2 }";

    /// <summary>Runs <paramref name="yaml"/> with <c>--nodes 3</c>; the summary it must have written, and everything the run
    /// said (its events and its console).</summary>
    private static async Task<(CliResult Result, JsonElement Summary, string All)> RunOnThreeNodesAsync(TempDir dir, string yaml)
    {
        var scenario = dir.File("scenario.yaml");
        File.WriteAllText(scenario, yaml);
        var report = dir.File("report");
        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(3), "run", scenario, "--nodes", "3", "--out", report);
        Assert.True(File.Exists(Path.Combine(report, "summary.json")), $"exit {result.ExitCode}:\n{result.Output}");
        var summary = Summary.Read(report);
        return (result, summary, string.Join("\n", summary.Events()) + "\n" + result.Output);
    }

    [GeneratedRegex(@"node 2's (\d+) platforms answer again (\d+(\.\d+)?) s after it was killed")]
    private static partial Regex Recovered();

    [Fact]
    public async Task A_killed_worker_nodes_platforms_answer_again_within_30_s_and_no_acknowledged_alarm_is_lost()
    {
        using var dir = new TempDir();

        var (result, summary, all) = await RunOnThreeNodesAsync(dir, SmallCityScenario.Yaml($"sqlite:{dir.File("store.db")}", KillNode2));

        var events = summary.Events();
        Assert.Equal(3, summary.Long("nodes"));
        // The shards spread: every node hosted platforms before the kill.
        var spread = Assert.Single(events, e => e.StartsWith("cluster of 3 nodes", StringComparison.Ordinal));
        foreach (var n in new[] { 1, 2, 3 })
            Assert.True(Regex.IsMatch(spread, $"node {n}: [1-9]"), all);
        // Every node drove the cameras of the platforms it hosted.
        var generators = Assert.Single(events, e => e.StartsWith("load generated on 3 nodes", StringComparison.Ordinal));
        foreach (var n in new[] { 1, 2, 3 })
            Assert.True(Regex.IsMatch(generators, $"node {n}: [1-9]"), all);
        // Node 2 was killed and its platforms answered again, from the survivors, well within the 30 s target.
        Assert.Contains(events, e => e.Contains("node 2 (pid", StringComparison.Ordinal) && e.Contains("killed (SIGKILL)", StringComparison.Ordinal));
        // Its cameras went on, driven by the coordinator from the moment it was killed.
        Assert.Contains(events, e => Regex.IsMatch(e, "the load generator on akka.*is lost: its node was killed by the scenario's fault; this node drives its [1-9][0-9]* platforms from now on"));
        var recovered = Recovered().Match(all);
        Assert.True(recovered.Success, $"no recovery event:\n{all}");
        Assert.True(int.Parse(recovered.Groups[1].Value, CultureInfo.InvariantCulture) > 0, all);
        Assert.True(double.Parse(recovered.Groups[2].Value, CultureInfo.InvariantCulture) < 30, all);
        // Every alarm the cameras were told was recorded is in the journal.
        Assert.True(summary.Long("alarm_audit.acknowledged") > 100, all);
        Assert.Equal(0, summary.Long("alarm_audit.missing"));
        Assert.Equal(summary.Long("alarm_audit.acknowledged"), summary.Long("alarm_audit.in_journal"));
        Assert.Equal(0, result.ExitCode);
        // Resources per node, the killed one marked; and no node process is left behind.
        var nodes = summary.At("node_resources").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], nodes.Select(n => n.GetProperty("node").GetInt32()));
        Assert.True(nodes.Single(n => n.GetProperty("node").GetInt32() == 2).GetProperty("killed").GetBoolean());
        Assert.True(nodes.Single(n => n.GetProperty("node").GetInt32() == 3).GetProperty("cpu_s").GetDouble() > 0);
        foreach (var pid in nodes.Where(n => n.GetProperty("node").GetInt32() > 1).Select(n => n.GetProperty("pid").GetInt32()))
            Assert.False(IsRunning(pid), $"node process {pid} outlived the run");
    }

    [SkippableFact]
    public async Task On_postgres_a_killed_worker_recovers_and_no_acknowledged_alarm_is_lost()
    {
        var url = Environment.GetEnvironmentVariable("MONITORSIM_PG");
        Skip.If(url is null, "MONITORSIM_PG is not set (.ci/run sets it after starting PostgreSQL)");
        using var dir = new TempDir();

        // A city of its own (another seed, another journal key), so earlier runs on the shared database do not matter.
        var (result, summary, all) = await RunOnThreeNodesAsync(dir, SmallCityScenario.Yaml(url!, KillNode2, seed: Random.Shared.Next(1_000, 1_000_000)));

        var recovered = Recovered().Match(all);
        Assert.True(recovered.Success, all);
        Assert.True(double.Parse(recovered.Groups[2].Value, CultureInfo.InvariantCulture) < 30, all);
        Assert.True(summary.Long("alarm_audit.acknowledged") > 100, all);
        Assert.Equal(0, summary.Long("alarm_audit.missing"));
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_worker_frozen_past_the_failure_detector_is_replaced_and_its_platforms_answer_again()
    {
        using var dir = new TempDir();

        // Frozen for 12 s: longer than the 3 s heartbeat pause plus the 5 s stable-after, so the cluster downs it.
        var (result, summary, all) = await RunOnThreeNodesAsync(dir,
            SmallCityScenario.Yaml($"sqlite:{dir.File("store.db")}", "{ at: 12s, freeze_node: { node: 2, for: 12s } }"));

        Assert.Contains("frozen (SIGSTOP) for 12s", all, StringComparison.Ordinal);
        var recovered = Regex.Match(all, @"node 2's (\d+) platforms answer again (\d+(\.\d+)?) s after it was frozen");
        Assert.True(recovered.Success, all);
        Assert.True(double.Parse(recovered.Groups[2].Value, CultureInfo.InvariantCulture) < 30, all);
        Assert.Equal(0, summary.Long("alarm_audit.missing"));
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Two_workers_cut_apart_are_both_downed_and_their_platforms_answer_again_from_the_coordinator()
    {
        using var dir = new TempDir();
        // Cut for 20 s: well past detection (about 7 s here: a 3 s heartbeat pause, the phi threshold, gossip) and the
        // resolver's stable-after (5 s); at 12 s the resolver decided just as the cut healed on a busy machine. Nodes 2 and 3
        // each still reach node 1, so both are "indirectly connected" and the resolver downs both; node 1 carries on alone.
        var (result, summary, all) = await RunOnThreeNodesAsync(dir,
            SmallCityScenario.Yaml($"sqlite:{dir.File("store.db")}", "{ at: 10s, partition: [2, 3], for: 20s }"));

        Assert.True(all.Contains("network between node 2 and node 3 cut both ways for 20s", StringComparison.Ordinal), all);
        foreach (var n in new[] { 2, 3 })
        {
            Assert.True(all.Contains($"node {n} downed by the split-brain resolver", StringComparison.Ordinal), all);
            var recovered = Regex.Match(all, $@"node {n}'s (\d+) platforms answer again (\d+(\.\d+)?) s after it was cut off");
            Assert.True(recovered.Success, all);
            Assert.True(int.Parse(recovered.Groups[1].Value, CultureInfo.InvariantCulture) > 0, all);
            Assert.True(double.Parse(recovered.Groups[2].Value, CultureInfo.InvariantCulture) < 30, all);
        }
        Assert.True(summary.Long("alarm_audit.acknowledged") > 100, all);
        Assert.Equal(0, summary.Long("alarm_audit.missing"));
        Assert.Equal(0, result.ExitCode);
        // Both workers are still listed, as having left the cluster (not killed), and neither process is left behind.
        var nodes = summary.At("node_resources").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], nodes.Select(n => n.GetProperty("node").GetInt32()));
        Assert.Equal([false, true, true], nodes.Select(n => n.GetProperty("left").GetBoolean()));
        Assert.All(nodes, n => Assert.False(n.GetProperty("killed").GetBoolean()));
        foreach (var pid in nodes.Where(n => n.GetProperty("node").GetInt32() > 1).Select(n => n.GetProperty("pid").GetInt32()))
            Assert.False(IsRunning(pid), $"node process {pid} outlived the run");
    }

    [Fact]
    public async Task A_partition_with_the_coordinator_among_three_nodes_is_refused_before_anything_starts()
    {
        using var dir = new TempDir();
        var scenario = dir.File("partition.yaml");
        File.WriteAllText(scenario, SmallCityScenario.Yaml($"sqlite:{dir.File("store.db")}", "{ at: 12s, partition: [1, 2], for: 12s }"));

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(1), "run", scenario, "--nodes", "3", "--out", dir.File("report"));

        Assert.Equal(2, result.ExitCode);
        // The console wraps long lines: compare with the white space folded.
        var output = Regex.Replace(result.Output, @"\s+", " ");
        Assert.Contains("partition.yaml:19: faults: partition [1, 2] cuts the coordinator off from one node while a third still reaches both",
            output, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("store.db")), "the run started anyway");
    }

    [Fact]
    public async Task Worker_nodes_exit_when_the_coordinating_process_is_killed()
    {
        using var dir = new TempDir();
        var (coordinator, report, _) = StartLongRunOnThreeNodes(dir);
        using var disposeAtEnd = coordinator;
        try
        {
            // Wait until both workers are up, then kill the coordinator outright: it gets no chance to clean up.
            var workers = await WaitForWorkersAsync(report, TimeSpan.FromSeconds(60));
            coordinator.Kill(entireProcessTree: false);
            await coordinator.WaitForExitAsync();

            await AssertAllExitAsync(workers, TimeSpan.FromSeconds(20), "outlived their coordinator by 20 s");
        }
        finally
        {
            if (!coordinator.HasExited) coordinator.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task A_run_sent_SIGTERM_stops_in_order_writes_its_reports_and_leaves_no_node_behind()
    {
        using var dir = new TempDir();
        var (coordinator, report, output) = StartLongRunOnThreeNodes(dir);
        using var disposeAtEnd = coordinator;
        try
        {
            var workers = await WaitForWorkersAsync(report, TimeSpan.FromSeconds(60));
            // Once every worker's generator has started (their logs say so), let the load run a while.
            Assert.True(await BothWorkersWroteAsync(report, "log", "generating the load of", TimeSpan.FromSeconds(60)),
                "the workers' generators did not start within 60 s");
            await Task.Delay(TimeSpan.FromSeconds(8));
            Assert.Equal(0, Kill(coordinator.Id, SigTerm));
            await coordinator.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            var all = await output;
            Assert.True(File.Exists(Path.Combine(report, "summary.json")), $"no report after SIGTERM:\n{all}");
            var summary = Summary.Read(report);
            Assert.True(summary.Number("duration_s") < 100, all); // the run ended at the signal, not at its 120 s
            Assert.True(summary.Long("operations.completed") > 0, all);
            Assert.Equal(0, summary.Long("alarm_audit.missing"));
            Assert.DoesNotContain("the run failed", all, StringComparison.Ordinal);
            await AssertAllExitAsync(workers, TimeSpan.FromSeconds(10), "outlived the run");
        }
        finally
        {
            if (!coordinator.HasExited) coordinator.Kill(entireProcessTree: true);
        }
    }

    private const int SigTerm = 15;

    /// <summary>Starts a 120 s run of the small city on three local nodes (as a user would, in its own process); its
    /// standard output is read to the end in the background.</summary>
    private static (Process Coordinator, string Report, Task<string> Output) StartLongRunOnThreeNodes(TempDir dir)
    {
        var scenario = dir.File("long.yaml");
        File.WriteAllText(scenario, SmallCityScenario.Yaml($"sqlite:{dir.File("store.db")}", fault: null, duration: "120s"));
        var report = dir.File("report");
        var coordinator = Process.Start(CliProcess.StartInfo("run", scenario, "--nodes", "3", "--out", report))!;
        var output = coordinator.StandardOutput.ReadToEndAsync();
        _ = coordinator.StandardError.ReadToEndAsync();
        return (coordinator, report, output);
    }

    /// <summary>Whether both workers' <c>node-N.EXT</c> files (which their processes are still writing) come to contain
    /// <paramref name="text"/> within <paramref name="timeout"/>.</summary>
    private static async Task<bool> BothWorkersWroteAsync(string report, string ext, string text, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!new[] { 2, 3 }.All(n => ReadShared(Path.Combine(report, $"node-{n}.{ext}")).Contains(text, StringComparison.Ordinal)))
        {
            if (watch.Elapsed >= timeout) return false;
            await Task.Delay(250);
        }
        return true;
    }

    /// <summary>A file another process may still be writing (empty while it does not exist yet).</summary>
    private static string ReadShared(string path)
    {
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    private static async Task AssertAllExitAsync(IReadOnlyList<int> workers, TimeSpan within, string otherwise)
    {
        var deadline = Stopwatch.StartNew();
        while (workers.Any(IsRunning) && deadline.Elapsed < within) await Task.Delay(200);
        Assert.False(workers.Any(IsRunning), $"node processes {string.Join(", ", workers.Where(IsRunning))} {otherwise}");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [Theory]
    [InlineData("0", "--nodes: must be 1 to 8")]
    [InlineData("9", "--nodes: must be 1 to 8")]
    public async Task A_node_count_out_of_range_is_bad_input(string nodes, string message)
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir, store: "memory");
        var result = (await Cli.RunAsync("run", scenario, "--nodes", nodes, "--out", dir.File("report"))).ExpectExit(2);
        Assert.Contains($"error: {message}", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killing_a_node_the_run_does_not_have_is_bad_input_naming_the_scenario_line()
    {
        using var dir = new TempDir();
        var scenario = dir.File("crash.yaml");
        File.WriteAllText(scenario, SmallCityScenario.Yaml("memory", "{ at: 15s, kill_node: 3 }"));
        var result = (await Cli.RunAsync("run", scenario, "--nodes", "2", "--out", dir.File("report"))).ExpectExit(2);
        Assert.Contains("crash.yaml:19: faults: kill_node names node 3, which needs at least 3 local nodes; this run has 2", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_coordinator_cannot_be_killed_by_its_own_scenario()
    {
        using var dir = new TempDir();
        var scenario = dir.File("crash.yaml");
        File.WriteAllText(scenario, SmallCityScenario.Yaml("memory", "{ at: 15s, kill_node: 1 }"));
        var result = (await Cli.RunAsync("run", scenario, "--nodes", "3", "--out", dir.File("report"))).ExpectExit(2);
        Assert.Contains("faults[0].kill_node: node 1 is the coordinator", result.Output, StringComparison.Ordinal);
    }

    /// <summary>The worker processes' ids, once each has printed that it is up (the coordinator drains their output to
    /// node-N.out and passes its own pid on their command line).</summary>
    private static async Task<List<int>> WaitForWorkersAsync(string report, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (await BothWorkersWroteAsync(report, "out", "node up:", TimeSpan.Zero))
            {
                var pids = Process.GetProcesses().Where(p => IsNodeOf(p, report)).Select(p => p.Id).ToList();
                if (pids.Count == 2) return pids;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the two worker nodes did not come up within {timeout.TotalSeconds:0} s");
    }

    /// <summary>Whether <paramref name="p"/> is a <c>monitorsim node</c> writing its log into <paramref name="report"/>.</summary>
    private static bool IsNodeOf(Process p, string report)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{p.Id}/cmdline").Replace('\0', ' ');
            return cmdline.Contains(" node ", StringComparison.Ordinal) && cmdline.Contains(report, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
