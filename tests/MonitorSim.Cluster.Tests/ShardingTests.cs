using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Sharding;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Cluster.Tests;

public sealed class ShardingTests
{
    /// <summary>1,000 points, twenty to each platform (pt-480 is platform 24's).</summary>
    private static readonly int[] PlatformOfPoint = Enumerable.Range(0, 1000).Select(p => p / 20).ToArray();

    [Fact]
    public void A_platform_and_its_points_share_one_shard_so_the_subtree_lives_on_one_node()
    {
        var extractor = new TreeMessageExtractor(45, PlatformOfPoint);
        var toPlatform = new Keepalive(7, 1234, default, Akka.Actor.ActorRefs.Nobody);
        var toPoint = new RaiseAlarm(7, 480, 1234, AlarmType.Conflict, default, Akka.Actor.ActorRefs.Nobody);

        Assert.Equal("7", extractor.ShardId(toPlatform));
        Assert.Equal("7", extractor.ShardId(toPoint));
        Assert.Equal("plat-7", extractor.EntityId(toPlatform));
        Assert.Equal("pt-480", extractor.EntityId(toPoint));
    }

    [Fact]
    public void Messages_that_are_not_for_the_tree_are_not_routed()
    {
        var extractor = new TreeMessageExtractor(45, PlatformOfPoint);

        object notForTheTree = "hello";
        Assert.Null(extractor.ShardId(notForTheTree));
        Assert.Null(extractor.EntityId(notForTheTree));
    }

    [Fact]
    public void An_entity_id_alone_finds_its_shard_so_a_restarted_or_handed_off_entity_lands_with_its_subtree()
    {
        var extractor = new TreeMessageExtractor(45, PlatformOfPoint);

        Assert.Equal("24", extractor.ShardId("pt-480"));
        Assert.Equal("7", extractor.ShardId("plat-7"));
        Assert.Throws<ArgumentException>(() => extractor.ShardId("pt-5000"));
        Assert.Throws<ArgumentException>(() => extractor.ShardId("camera-3"));
    }
}
