using Akka.Actor;
using Akka.Cluster.Sharding;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// A real two-node cluster places the platforms it wakes by their cameras (the tree region's allocation strategy), not by
/// their number: the two nodes' cameras differ by at most the heaviest platform's.
/// </summary>
public sealed class CameraWeightedClusterTests
{
    [Fact]
    public async Task Two_nodes_woken_together_share_the_cameras_within_one_heaviest_platform()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        // The seed city's 45 platforms of 77 to 1,236 cameras: placed 22 and 23 in the order they woke (Akka's default),
        // one node got 7,128 cameras and the other 10,804 in the runs of 2026-12-07.
        var topology = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);
        var (first, second) = await CameraGatewayTests.StartTwoNodesAsync(bound.Token, topology);
        await using var _ = second;
        await using var __ = first;
        var cameras = topology.Platforms.Select(p => p.CameraCount).ToArray();

        Dictionary<Address, List<int>> placed = [];
        await Eventually.HoldsAsync(async () =>
        {
            var stats = await first.Region.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(3)), TimeSpan.FromSeconds(5), bound.Token);
            placed = stats.Regions.ToDictionary(r => r.Key, r => r.Value.Stats.Keys.Select(int.Parse).ToList());
            Assert.Equal(2, placed.Count);
            Assert.Equal(topology.Platforms.Count, placed.Values.Sum(p => p.Count));
        }, TimeSpan.FromSeconds(30));

        var byNode = placed.Values.Select(p => p.Sum(i => cameras[i])).ToArray();
        Assert.True(Math.Abs(byNode[0] - byNode[1]) <= cameras.Max(),
            $"cameras by node {byNode[0]} and {byNode[1]} (platforms {string.Join(" | ", placed.Values.Select(p => string.Join(",", p.Order())))}; " +
            $"cameras a platform {string.Join(",", cameras)}): more apart than the heaviest platform's {cameras.Max()}");
    }
}
