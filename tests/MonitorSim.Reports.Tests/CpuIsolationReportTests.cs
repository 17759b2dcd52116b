using MonitorSim.Load.Results;

namespace MonitorSim.Reports.Tests;

/// <summary>A run on CPU-isolated nodes (<c>run --node-cpus</c>) says so among the run's facts: the quota, the hierarchy,
/// where the load generator ran; a run on uncapped nodes says nothing of it.</summary>
public sealed class CpuIsolationReportTests
{
    private static RunResult Capped(bool generatorApart) => SampleRuns.Create() with
    {
        Run = SampleRuns.Create().Run with
        {
            Nodes = 2,
            CpuIsolation = new CpuIsolationFacts(generatorApart ? "cgroup v1" : "cgroup v2", generatorApart ? "cpu.cfs_quota_us" : "cpu.max",
                generatorApart, 0.5, 10) { NodeCpus = 0.4 },
        },
    };

    [Fact]
    public void The_report_names_the_quota_per_node_process_and_where_the_generator_ran()
    {
        var md = MarkdownReport.Render(Capped(generatorApart: true));

        Assert.Contains("| CPU isolation | 0.4 cores per node process, capped once the tree had started (its start is not measured) until the run ended: " +
                        "each node process in a cgroup v1 group of its own", md, StringComparison.Ordinal);
        Assert.Contains("the load generator's threads in a group of their own at 0.5 cores", md, StringComparison.Ordinal);
        Assert.DoesNotContain("CPU isolation", MarkdownReport.Render(SampleRuns.Create()), StringComparison.Ordinal);
    }

    [Fact]
    public void On_cgroup_v2_the_report_says_the_generator_ran_inside_its_nodes_quota()
    {
        var md = MarkdownReport.Render(Capped(generatorApart: false));

        Assert.Contains("the load generator inside its node's quota", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_json_gives_the_quota_the_hierarchy_and_the_generators_cores_under_run()
    {
        var json = SummaryJson.Build(Capped(generatorApart: true))["run"]!["cpu_isolation"]!;

        Assert.Equal(0.4, json["node_cpus"]!.GetValue<double>());
        Assert.Equal("cgroup v1", json["hierarchy"]!.GetValue<string>());
        Assert.Equal("cpu.cfs_quota_us", json["quota_file"]!.GetValue<string>());
        Assert.Equal(10.0, json["period_ms"]!.GetValue<double>());
        Assert.True(json["generator_apart"]!.GetValue<bool>());
        Assert.Equal(0.5, json["generator_cpus"]!.GetValue<double>());
        Assert.Null(SummaryJson.Build(Capped(generatorApart: false))["run"]!["cpu_isolation"]!["generator_cpus"]);
        Assert.Null(SummaryJson.Build(SampleRuns.Create())["run"]!["cpu_isolation"]);
    }
}
