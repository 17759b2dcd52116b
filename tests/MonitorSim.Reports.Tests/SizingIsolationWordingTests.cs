using System.Text.Json;
using MonitorSim.Load.Results;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Reports.Tests;

/// <summary>The node axis says how its nodes were capped in the terms of the cgroup hierarchy the run used: cgroup v2's
/// <c>cpu.max</c> with the load generator inside each node's quota, or cgroup v1's <c>cpu.cfs_quota_us</c> with the
/// generator's threads in a group of their own.</summary>
public sealed class SizingIsolationWordingTests
{
    private static readonly CpuIsolationFacts V2 = new("cgroup v2", "cpu.max", GeneratorApart: false, GeneratorCpus: 0.5, PeriodMs: 10);
    private static readonly CpuIsolationFacts V1 = new("cgroup v1", "cpu.cfs_quota_us", GeneratorApart: true, GeneratorCpus: 0.5, PeriodMs: 10);

    private static SizingRun Isolated(CpuIsolationFacts? facts)
    {
        var axis = NodeCapacityAxis.Analyse(
        [
            new SearchedNodeCapacity(1, 10, 11, [1000, 1010]), new SearchedNodeCapacity(2, 19, 21, [1900, 1950]), new SearchedNodeCapacity(3, 27, 30, [2700]),
        ]);
        return SizingReportTests.Sample() with { NodeCpus = 0.4, NodeCapacity = axis, CpuIsolation = facts };
    }

    [Fact]
    public void On_cgroup_v2_the_node_axis_names_cpu_max_and_puts_the_generator_inside_its_nodes_quota()
    {
        var section = ReportSections.Of(SizingMarkdown.Render(Isolated(V2)), "Capacity against nodes");

        Assert.Contains("each node process in a cgroup v2 group of its own capped at its quota of cores (cpu.max, quota and 10 ms period)", section);
        Assert.Contains("the load generator inside its node's quota", section);
        Assert.DoesNotContain("cfs", section, StringComparison.Ordinal);
        Assert.DoesNotContain("group of their own", section, StringComparison.Ordinal);
    }

    [Fact]
    public void On_cgroup_v1_the_node_axis_names_the_cfs_quota_and_the_generators_own_group()
    {
        var section = ReportSections.Of(SizingMarkdown.Render(Isolated(V1)), "Capacity against nodes");

        Assert.Contains("each node process in a cgroup v1 group of its own capped at its quota of cores (cpu.cfs_quota_us over a 10 ms cpu.cfs_period_us)", section);
        Assert.Contains("the load generator's threads in a group of their own at 0.5 cores", section);
        Assert.DoesNotContain("cpu.max", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_hierarchy_known_the_node_axis_claims_neither()
    {
        var section = ReportSections.Of(SizingMarkdown.Render(Isolated(null)), "Capacity against nodes");

        Assert.Contains("capped at its quota of cores through cgroups", section);
        Assert.DoesNotContain("cfs", section, StringComparison.Ordinal);
        Assert.DoesNotContain("cpu.max", section, StringComparison.Ordinal);
        Assert.DoesNotContain("generator", section, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_node_axis_records_the_hierarchy_its_quota_file_and_where_the_generator_ran()
    {
        using var doc = JsonDocument.Parse(SizingJson.Render(Isolated(V2)));
        var cgroup = doc.RootElement.GetProperty("node_capacity").GetProperty("cgroup");

        Assert.Equal("cgroup v2", cgroup.GetProperty("hierarchy").GetString());
        Assert.Equal("cpu.max", cgroup.GetProperty("quota_file").GetString());
        Assert.False(cgroup.GetProperty("generator_apart").GetBoolean());
        Assert.Equal(JsonValueKind.Null, cgroup.GetProperty("generator_cores").ValueKind);
    }
}
