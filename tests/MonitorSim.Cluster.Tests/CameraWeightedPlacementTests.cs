using MonitorSim.Cluster.Sharding;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// The platforms' shards go to the nodes by cameras: whatever order the tree wakes them in, the busiest node carries
/// within one heaviest platform of the idlest, a node that joins later is given platforms until that holds again, and a
/// node on its way out is given none.
/// </summary>
public sealed class CameraWeightedPlacementTests
{
    /// <summary>The seed city's 45 platforms (17,932 cameras, 77 to 1,236 a platform) as built with seed 42.</summary>
    private static readonly int[] SeedCity = TopologyBuilder.Build(TopologySpec.Xuzhou, 42).Platforms.Select(p => p.CameraCount).ToArray();

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Whatever_order_the_platforms_wake_in_the_busiest_node_is_within_one_heaviest_platform_of_the_idlest(int nodes)
    {
        var placement = new CameraWeightedPlacement(SeedCity);
        var random = new Random(nodes);
        for (var trial = 0; trial < 20; trial++)
        {
            var regions = Regions(nodes);
            foreach (var platform in Enumerable.Range(0, SeedCity.Length).OrderBy(_ => random.Next()))
                Place(placement, regions, Id(platform));

            var cameras = regions.Select(placement.CamerasOf).ToArray();
            Assert.Equal(SeedCity.Sum(), cameras.Sum());
            Assert.True(cameras.Max() - cameras.Min() <= placement.HeaviestShardCameras,
                $"cameras by node {string.Join(", ", cameras)}: spread over the heaviest platform's {placement.HeaviestShardCameras}");
            // Near an even share: Akka's count-balanced placement put 60.2 % of the cameras on one of two nodes.
            Assert.InRange(cameras.Max() / (double)SeedCity.Sum(), 1.0 / nodes, 1.0 / nodes + 0.02);
        }
    }

    [Fact]
    public void The_same_cluster_gets_the_same_answer_whatever_order_the_coordinator_lists_its_nodes_in()
    {
        var placement = new CameraWeightedPlacement(SeedCity);
        var regions = Regions(3);
        foreach (var platform in new[] { "5", "0", "17" }) Place(placement, regions, platform);

        var reversed = Enumerable.Reverse(regions).ToList();

        Assert.Equal(placement.Allocate("9", regions), placement.Allocate("9", reversed));
        Assert.Equal(placement.Allocate("44", regions), placement.Allocate("44", reversed));
    }

    [Fact]
    public void Platforms_placed_by_the_plan_give_a_rebalance_nothing_to_move()
    {
        var placement = new CameraWeightedPlacement(SeedCity);
        var regions = Regions(3);
        foreach (var platform in Enumerable.Range(0, SeedCity.Length)) Place(placement, regions, Id(platform));

        Assert.Empty(placement.Rebalance(regions, new HashSet<string>()));
    }

    [Fact]
    public void A_node_that_joins_after_every_platform_was_placed_is_given_platforms_until_the_nodes_are_within_one_heaviest_platform()
    {
        var placement = new CameraWeightedPlacement(SeedCity);
        var regions = Regions(2);
        foreach (var platform in Enumerable.Range(0, SeedCity.Length)) Place(placement, regions, Id(platform));
        regions.Add(new RegionShards<int>(2, "akka.tcp://city@10.0.0.3:4053", new List<string>()));

        var rounds = 0;
        while (placement.Rebalance(regions, new HashSet<string>()) is { Count: > 0 } moves)
        {
            Assert.True(moves.Count <= CameraWeightedPlacement.MaxMovesPerRound, $"round {rounds + 1} moved {moves.Count}");
            // As the coordinator does it: the moved shards leave their nodes, then each is placed again on its next message.
            foreach (var region in regions) ((List<string>)region.Shards).RemoveAll(moves.Contains);
            foreach (var shard in moves.Order(StringComparer.Ordinal)) Place(placement, regions, shard);
            Assert.True(++rounds <= 10, "the rebalance did not settle within 10 rounds");
        }

        var cameras = regions.Select(placement.CamerasOf).ToArray();
        Assert.True(cameras[2] > 0, "the joining node got nothing");
        Assert.True(cameras.Max() - cameras.Min() <= placement.HeaviestShardCameras, $"cameras by node {string.Join(", ", cameras)}");
    }

    [Fact]
    public void Nothing_moves_while_an_earlier_move_is_under_way()
    {
        var placement = new CameraWeightedPlacement(SeedCity);
        var regions = Regions(2);
        foreach (var platform in Enumerable.Range(0, SeedCity.Length)) ((List<string>)regions[0].Shards).Add(Id(platform));

        Assert.NotEmpty(placement.Rebalance(regions, new HashSet<string>()));
        Assert.Empty(placement.Rebalance(regions, new HashSet<string> { "3" }));
    }

    [Fact]
    public void A_node_on_its_way_out_is_given_no_platform_and_none_to_take_over_in_a_rebalance()
    {
        var placement = new CameraWeightedPlacement(SeedCity);
        var regions = new List<RegionShards<int>>
        {
            new(0, "akka.tcp://city@10.0.0.1:4053", Enumerable.Range(0, 40).Select(Id).ToList()),
            new(1, "akka.tcp://city@10.0.0.2:4053", new List<string>(), Leaving: true),
        };

        Assert.Equal(0, placement.Allocate("44", regions));
        Assert.Empty(placement.Rebalance(regions, new HashSet<string>()));
    }

    [Fact]
    public void When_every_node_is_leaving_a_platform_still_gets_a_home()
    {
        var placement = new CameraWeightedPlacement([10, 5]);
        var regions = new List<RegionShards<int>>
        {
            new(0, "akka.tcp://city@10.0.0.1:4053", new List<string> { "0" }, Leaving: true),
            new(1, "akka.tcp://city@10.0.0.2:4053", new List<string>(), Leaving: true),
        };

        Assert.Equal(1, placement.Allocate("1", regions));
    }

    [Fact]
    public void When_every_node_is_leaving_a_rebalance_moves_nothing()
    {
        var placement = new CameraWeightedPlacement([10, 5]);
        var regions = new List<RegionShards<int>>
        {
            new(0, "akka.tcp://city@10.0.0.1:4053", new List<string> { "0", "1" }, Leaving: true),
            new(1, "akka.tcp://city@10.0.0.2:4053", new List<string>(), Leaving: true),
        };

        Assert.Empty(placement.Rebalance(regions, new HashSet<string>()));
    }

    [Fact]
    public void A_shard_outside_the_topology_goes_to_the_node_with_the_fewest_cameras()
    {
        var placement = new CameraWeightedPlacement([100, 10]);
        var regions = new List<RegionShards<int>>
        {
            new(0, "akka.tcp://city@10.0.0.1:4053", new List<string> { "1" }),
            new(1, "akka.tcp://city@10.0.0.2:4053", new List<string> { "0" }),
        };

        Assert.Equal(0, placement.CamerasOf("99"));
        Assert.Equal(0, placement.Allocate("99", regions));
    }

    [Fact]
    public void A_platform_with_fewer_than_no_cameras_or_no_node_to_place_on_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CameraWeightedPlacement([3, -1]));
        Assert.Throws<ArgumentException>(() => new CameraWeightedPlacement([3]).Allocate("0", new List<RegionShards<int>>()));
    }

    /// <summary>A platform's shard id: its index.</summary>
    private static string Id(int platform) => platform.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static List<RegionShards<int>> Regions(int nodes) =>
        Enumerable.Range(0, nodes).Select(i => new RegionShards<int>(i, $"akka.tcp://city@10.0.0.{i + 1}:4053", new List<string>())).ToList();

    /// <summary>Allocates <paramref name="shard"/> and records it on the region it went to, as the coordinator does.</summary>
    private static void Place(CameraWeightedPlacement placement, List<RegionShards<int>> regions, string shard)
    {
        var region = placement.Allocate(shard, regions);
        ((List<string>)regions.Single(r => r.Region == region).Shards).Add(shard);
    }
}
