using MonitorSim.Harness.Capacity;
using MonitorSim.Sizing.Planning;

namespace MonitorSim.Harness.Tests;

/// <summary>
/// Which CPU a capacity prediction counts against the cores it predicts for: what runs on those cores. The load
/// generator's thread is on the nodes' cores unless it has a cgroup of its own (cgroup v1); on cgroup v2 it stays inside
/// its node's quota, so the whole process's CPU is what fills the quota.
/// </summary>
public sealed class PredictionCpuTests
{
    // 10 s steady window: the process spent 8 CPU s, the generator's thread 2 of them: 0.8 cores, the tree 0.6.
    private static readonly StepMeasurement Trial = new(1, 1, 10, 100, 100, 0, 0, new Dictionary<string, OperationFigures>(), 8, 2,
        0, 0, 0, 0, 0, null, 0, []);

    [Fact]
    public void Unisolated_nodes_count_the_whole_process_since_the_generator_shares_the_machine() =>
        Assert.Equal(0.8, SizeJob.Point(Trial, null, isolated: false, generatorApart: false).BusyCores, 9);

    [Fact]
    public void Isolated_nodes_with_the_generator_in_a_group_of_its_own_count_the_tree_alone() =>
        Assert.Equal(0.6, SizeJob.Point(Trial, null, isolated: true, generatorApart: true).BusyCores, 9);

    [Fact]
    public void Isolated_nodes_whose_generator_shares_the_node_quota_count_the_whole_process() =>
        Assert.Equal(0.8, SizeJob.Point(Trial, null, isolated: true, generatorApart: false).BusyCores, 9);
}
