using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Sharding;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// On the node that woke the tree: whenever a tree node leaves the cluster (downed after a crash, or gone), wakes every
/// platform and point again. Shards of the lost node are re-allocated to the survivors as these messages arrive, and
/// each lost entity recovers there from its journal — so the platforms come back without waiting for the next keepalive
/// to reach each of them, which is what remembered entities would give, without replicating 3,153 entity ids.
/// </summary>
public sealed class TreeWarden : ReceiveActor
{
    public TreeWarden(IActorRef region, CityTopology topology)
    {
        var log = Context.GetLogger();
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            if (!removed.Member.HasRole(Hosting.ClusterMembership.TreeRole) || removed.Member.Address == cluster.SelfAddress) return;
            log.Warning("tree node {0} left the cluster ({1}): waking the tree again so its platforms restart on the survivors",
                removed.Member.Address, removed.PreviousStatus);
            foreach (var p in topology.Platforms) region.Tell(new Wake(p.Id.Value, EntityIds.Platform(p.Id.Value)));
            foreach (var p in topology.Points) region.Tell(new Wake(p.Platform.Value, EntityIds.Point(p.Id.Value)));
        });
        Receive<Awake>(_ => { }); // the woken entities' answers
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    public static Props Props(IActorRef region, CityTopology topology) => Akka.Actor.Props.Create(() => new TreeWarden(region, topology));
}
