using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>How long a member's heartbeats may pause before the others find it unreachable: short for a city's own
/// cluster (a crashed node's platforms come back within seconds), longer where a membership asks for it (a province's
/// city clusters, whose workers each run an actor system per city and were downed at the short pause while busy).</summary>
public sealed class HeartbeatPauseTests
{
    private static readonly CityTopology Tiny = TopologyBuilder.Build(new TopologySpec(1, 2, 4, 0, 0), 42);

    private static Task<TreeNode> StartAsync(ClusterMembership? membership) =>
        TreeNode.StartAsync(new TreeNodeOptions(Tiny, MonitoringRules.Standard, new ManualSimClock(new DateTime(2026, 11, 27, 9, 0, 0), 1),
            StoreSettings.Memory, TimeSpan.FromSeconds(5), Membership: membership));

    private static TimeSpan Pause(TreeNode node) =>
        node.System.Settings.Config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause", null);

    [Fact]
    public async Task A_city_cluster_finds_a_silent_member_unreachable_after_3_s()
    {
        await using var node = await StartAsync(null);

        Assert.Equal(TimeSpan.FromSeconds(3), Pause(node));
    }

    [Fact]
    public async Task A_membership_that_asks_for_a_longer_pause_gets_it_in_the_nodes_failure_detector()
    {
        await using var node = await StartAsync(ClusterMembership.SingleNode with { HeartbeatPause = TimeSpan.FromSeconds(15) });

        Assert.Equal(TimeSpan.FromSeconds(15), Pause(node));
    }
}
