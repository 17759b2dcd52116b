using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Sharding;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Cluster.Tests;

public sealed class ShardingTests
{
    [Fact]
    public void A_platform_and_its_points_share_one_shard_so_the_subtree_lives_on_one_node()
    {
        var extractor = new TreeMessageExtractor(45);
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
        var extractor = new TreeMessageExtractor(45);

        object notForTheTree = "hello";
        Assert.Null(extractor.ShardId(notForTheTree));
        Assert.Null(extractor.EntityId(notForTheTree));
    }
}
