using System.Diagnostics;
using MonitorSim.Harness.Isolation;

namespace MonitorSim.Harness.Tests;

/// <summary>
/// Capping node processes is all or nothing: a step that fails part-way (a group made but its quota refused, a quota
/// written but the process not moved, a later node's group refused) removes every group made so far and moves its
/// processes back, and the failure says which node and which step failed and what was undone. On an in-memory hierarchy
/// (<see cref="FakeCgroupFiles"/>) each step can be made to fail; one test does it on the host's own cgroups.
/// </summary>
public sealed class CpuCapFailureTests
{
    private const string Root = "/cg/cpu";

    [Theory]
    [InlineData(false, "cpu.cfs_quota_us")]
    [InlineData(true, "cpu.max")]
    public void A_quota_the_kernel_refuses_leaves_no_group_behind_and_names_the_file(bool v2, string quotaFile)
    {
        var files = new FakeCgroupFiles(Root) { FailWhen = (op, path) => op == "write" && path.EndsWith(quotaFile, StringComparison.Ordinal) };
        var cgroups = new CpuCgroups(Root, v2, files);

        var e = Assert.Throws<CgroupException>(() => cgroups.Create("monitorsim-test-node-1", 0.4));

        Assert.Empty(files.Groups);
        Assert.Contains($"writing {(v2 ? "4000 10000" : "4000")} to {quotaFile} failed", e.Message);
        Assert.Contains("the group /cg/cpu/monitorsim-test-node-1 was removed", e.Message);
    }

    [Fact]
    public void A_node_process_that_cannot_be_moved_releases_the_nodes_already_capped()
    {
        var files = new FakeCgroupFiles(Root) { FailWhen = (op, path) => op == "write" && path == $"{Root}/monitorsim-test-node-2/cgroup.procs" };
        var cgroups = new CpuCgroups(Root, v2: false, files);

        var e = Assert.Throws<CgroupException>(() => NodeIsolation.CapAll(cgroups, "monitorsim-test", [(1, 101), (2, 102), (3, 103)], 0.4));

        Assert.Empty(files.Groups);
        Assert.Equal(Root, files.GroupOf(101)); // node 1 was capped, then moved back
        Assert.Contains("moving node 2's process 102 into /cg/cpu/monitorsim-test-node-2", e.Message);
        Assert.Contains("the group /cg/cpu/monitorsim-test-node-1 was removed", e.Message);
        Assert.Contains("the group /cg/cpu/monitorsim-test-node-2 was removed", e.Message);
    }

    [Fact]
    public void A_later_nodes_group_refused_undoes_the_nodes_capped_before_it()
    {
        var files = new FakeCgroupFiles(Root) { FailWhen = (op, path) => op == "mkdir" && path.EndsWith("-node-3", StringComparison.Ordinal) };
        var cgroups = new CpuCgroups(Root, v2: true, files);

        var e = Assert.Throws<CgroupException>(() => NodeIsolation.CapAll(cgroups, "monitorsim-test", [(1, 101), (2, 102), (3, 103)], 0.5));

        Assert.Empty(files.Groups);
        Assert.Equal(Root, files.GroupOf(101));
        Assert.Equal(Root, files.GroupOf(102));
        Assert.Contains("making node 3's group: cannot make the CPU group /cg/cpu/monitorsim-test-node-3", e.Message);
    }

    [Fact]
    public void A_group_that_cannot_be_removed_is_named_in_the_failure()
    {
        var files = new FakeCgroupFiles(Root)
        {
            FailWhen = (op, path) => (op == "write" && path.EndsWith("-node-2/cgroup.procs", StringComparison.Ordinal))
                                     || (op == "rmdir" && path.EndsWith("-node-1", StringComparison.Ordinal)),
        };
        var cgroups = new CpuCgroups(Root, v2: true, files);

        var e = Assert.Throws<CgroupException>(() => NodeIsolation.CapAll(cgroups, "monitorsim-test", [(1, 101), (2, 102)], 0.5));

        Assert.Equal(["/cg/cpu/monitorsim-test-node-1"], files.Groups);
        Assert.Equal(Root, files.GroupOf(101)); // its process was moved back even so: it runs uncapped
        Assert.Contains("the group /cg/cpu/monitorsim-test-node-1 could NOT be removed", e.Message);
    }

    [Fact]
    public void Capping_every_node_that_succeeds_is_lifted_by_disposing_it()
    {
        var files = new FakeCgroupFiles(Root);
        var cgroups = new CpuCgroups(Root, v2: false, files);

        using (NodeIsolation.CapAll(cgroups, "monitorsim-test", [(1, 101), (2, 102)], 0.4))
        {
            Assert.Equal("/cg/cpu/monitorsim-test-node-2", files.GroupOf(102));
            Assert.Equal("4000", files.Control("/cg/cpu/monitorsim-test-node-2", "cpu.cfs_quota_us"));
            Assert.Equal("10000", files.Control("/cg/cpu/monitorsim-test-node-2", "cpu.cfs_period_us"));
        }

        Assert.Empty(files.Groups);
        Assert.Equal(Root, files.GroupOf(102));
    }

    [Fact]
    public void The_isolation_tells_the_report_which_hierarchy_and_quota_file_it_used()
    {
        var files = new FakeCgroupFiles(Root);

        // cgroup v2 (v1 would point this process's generator threads at the fake group through the environment).
        using (var isolation = NodeIsolation.Start(new CpuCgroups(Root, v2: true, files), 0.4, 0.5))
            Assert.Equal(new MonitorSim.Load.Results.CpuIsolationFacts("cgroup v2", "cpu.max", false, 0.5, 10), isolation.Facts);

        Assert.Empty(files.Groups);
    }

    [Fact]
    public void The_report_names_the_longer_period_a_quota_under_a_tenth_of_a_core_is_written_over()
    {
        var files = new FakeCgroupFiles(Root);

        // 0.05 cores of a 10 ms period would be 0.5 ms, under the kernel's 1 ms least quota: 1 ms over 20 ms instead.
        using var isolation = NodeIsolation.Start(new CpuCgroups(Root, v2: true, files), 0.05, 0.5);

        Assert.Equal(20, isolation.Facts.PeriodMs);
    }

    /// <summary>On the host's cgroups (root only): the kernel refuses to move a process that does not exist (ESRCH).</summary>
    [SkippableFact]
    public void On_the_hosts_cgroups_a_node_that_is_gone_leaves_no_group_and_no_capped_process_behind()
    {
        var (cgroups, problem) = CpuCgroups.Detect();
        Skip.If(cgroups is null, problem);
        using var sleeper = Process.Start(new ProcessStartInfo("/bin/sleep", ["30"]))!;
        using var gone = Process.Start(new ProcessStartInfo("/bin/true"))!;
        gone.WaitForExit();
        var prefix = $"monitorsim-captest-{Environment.ProcessId}";
        try
        {
            var e = Assert.Throws<CgroupException>(() => NodeIsolation.CapAll(cgroups!, prefix, [(1, sleeper.Id), (2, gone.Id)], 0.4));

            Assert.Contains($"moving node 2's process {gone.Id}", e.Message);
            Assert.False(Directory.Exists(Path.Combine(cgroups!.Root, $"{prefix}-node-1")), e.Message);
            Assert.False(Directory.Exists(Path.Combine(cgroups.Root, $"{prefix}-node-2")), e.Message);
            Assert.DoesNotContain(prefix, File.ReadAllText($"/proc/{sleeper.Id}/cgroup"), StringComparison.Ordinal);
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }
}
