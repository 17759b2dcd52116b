using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit.Xunit2;
using MonitorSim.Cluster.Hosting;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// The tree's platforms and points are never stopped for being idle. Device messages reach them straight (not through
/// sharding), and sharding counts only its own messages as activity: with Akka's idle passivation every platform and
/// point looked idle under any load and was stopped every two minutes, losing what was on its way to it. This node's
/// configuration passivates idle entities after one second, so the specification takes seconds, not minutes.
/// </summary>
public sealed class TreePassivationTests() : TestKit(
    "akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0\nakka.cluster.roles = [tree]\n" +
    "akka.cluster.sharding.passivate-idle-entity-after = 1s")
{
    [Fact]
    public async Task A_platform_or_point_sharding_has_not_heard_from_for_longer_than_the_idle_time_keeps_running()
    {
        var cluster = Akka.Cluster.Cluster.Get(Sys);
        await cluster.JoinAsync(cluster.SelfAddress);
        var sharding = ClusterSharding.Get(Sys);
        var extractor = HashCodeMessageExtractor.Create(4, m => (string)m, m => m);
        var tree = await sharding.StartAsync("tree-entities", _ => Props.Create(() => new Entity()), TreeRegions.TreeShardingSettings(Sys),
            extractor, ShardAllocationStrategy.LeastShardAllocationStrategy(1, 1), PoisonPill.Instance);
        // The same node's configuration with Akka's settings: its entity is passivated, so the wait below is long enough.
        var configured = await sharding.StartAsync("configured-entities", _ => Props.Create(() => new Entity()),
            ClusterShardingSettings.Create(Sys).WithRole("tree"), extractor, ShardAllocationStrategy.LeastShardAllocationStrategy(1, 1), PoisonPill.Instance);

        var point = StartedEntity(tree, "pt-7");
        var other = StartedEntity(configured, "pt-7");
        Watch(point);
        Watch(other);

        // Three idle times with no message through sharding, as under load when every message goes straight to the entity.
        ExpectTerminated(other, TimeSpan.FromSeconds(5));
        ExpectNoMsg(TimeSpan.FromSeconds(3));
        point.Tell("still there?");
        Assert.Equal(point, ExpectMsg<IActorRef>());
    }

    private IActorRef StartedEntity(IActorRef region, string id)
    {
        region.Tell(id);
        return ExpectMsg<IActorRef>(TimeSpan.FromSeconds(10));
    }

    /// <summary>Answers every message with its own reference.</summary>
    private sealed class Entity : ReceiveActor
    {
        public Entity() => ReceiveAny(_ => Sender.Tell(Self));
    }
}
