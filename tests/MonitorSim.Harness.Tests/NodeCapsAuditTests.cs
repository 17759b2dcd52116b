using MonitorSim.Harness.Isolation;

namespace MonitorSim.Harness.Tests;

/// <summary>
/// At the end of a capped run's load each node process is accounted for in the run's events: the ones still in their
/// groups in one line, and apart from them a node killed by a fault (not restarted, so nothing uncapped took its place), a
/// node process moved out of its group, and a worker process the caps never saw (it started after them) — the last two
/// ran uncapped, and the events say so rather than leave it to be measured as capped. On an in-memory hierarchy
/// (<see cref="FakeCgroupFiles"/>).
/// </summary>
public sealed class NodeCapsAuditTests
{
    private const string Root = "/cg/cpu";

    private static (FakeCgroupFiles Files, NodeCaps Caps) CapTwoNodes()
    {
        var files = new FakeCgroupFiles(Root);
        return (files, NodeIsolation.CapAll(new CpuCgroups(Root, v2: false, files), "monitorsim-test", [(1, 101), (2, 102)], 0.4));
    }

    [Fact]
    public void Node_processes_still_in_their_groups_are_named_in_one_line()
    {
        var (_, caps) = CapTwoNodes();

        var lines = caps.Audit([(2, 102, false)], new HashSet<int>());

        Assert.Equal(["CPU caps held to the end of the load: node 1 (pid 101), node 2 (pid 102) each still in a group of its own capped at 0.4 cores"], lines);
        Assert.Equal("node 1 (pid 101), node 2 (pid 102) capped at 0.4 cores each", caps.Describe());
    }

    [Fact]
    public void A_node_killed_by_a_fault_is_said_to_be_killed_and_not_restarted()
    {
        var (files, caps) = CapTwoNodes();
        files.Write($"{Root}/cgroup.procs", "102"); // the kernel takes a dead process out of its group

        var lines = caps.Audit([(2, 102, true)], new HashSet<int>());

        Assert.Equal(2, lines.Count);
        Assert.Equal("CPU caps held to the end of the load: node 1 (pid 101) still in a group of its own capped at 0.4 cores", lines[0]);
        Assert.StartsWith("node 2 (pid 102), capped at 0.4 cores, was killed by the scenario's fault; killed nodes are not restarted, so no uncapped process took its place",
            lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_worker_process_started_after_the_caps_is_named_as_running_uncapped()
    {
        var (_, caps) = CapTwoNodes();

        var lines = caps.Audit([(2, 102, false), (3, 103, false)], new HashSet<int>());

        Assert.Contains("node 3 (pid 103) started after the caps were applied and ran UNCAPPED: its CPU was not held to 0.4 cores", lines);
    }

    [Fact]
    public void A_node_process_moved_out_of_its_group_is_named_as_uncapped()
    {
        var (files, caps) = CapTwoNodes();
        files.Write($"{Root}/cgroup.procs", "102");

        var lines = caps.Audit([(2, 102, false)], new HashSet<int>());

        Assert.Contains($"node 2 (pid 102) was NOT in its group {Root}/monitorsim-test-node-2 at the end of the load: something moved it out, and it ran " +
                        "uncapped for part of the run", lines);
    }

    [Fact]
    public void A_node_that_exited_on_its_own_is_left_to_the_runs_own_line_about_it()
    {
        var (files, caps) = CapTwoNodes();
        files.Write($"{Root}/cgroup.procs", "102");

        var lines = caps.Audit([(2, 102, false)], new HashSet<int> { 2 });

        Assert.Equal(["CPU caps held to the end of the load: node 1 (pid 101) still in a group of its own capped at 0.4 cores"], lines);
    }

    [Fact]
    public void Lifting_the_caps_leaves_no_group_behind()
    {
        var (files, caps) = CapTwoNodes();

        caps.Dispose();

        Assert.Empty(files.Groups);
        Assert.Equal(Root, files.GroupOf(101));
    }
}
