using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Sharding;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// Keeps a port's <see cref="PlatformRoutes"/> current: once a second, while the cluster has more than one member, asks
/// the shard regions which node hosts which platform and points each remote platform at a link to that node's gateway;
/// alone, every platform is here. The platforms hosted here are reached through the node's <see cref="LocalEntities"/>,
/// which every entity enters as it starts.
/// </summary>
public sealed class RouteKeeper : ReceiveActor, IWithTimers
{
    private sealed class Refresh
    {
        public static readonly Refresh Instance = new();
    }

    private readonly Dictionary<Address, BatchPump<ITreeMessage>> _links = new();
    private readonly PlatformRoutes _routes;
    private readonly int _platforms;
    private readonly TimeSpan _every;

    public ITimerScheduler Timers { get; set; } = null!;

    public RouteKeeper(IActorRef region, IActorRef sink, PlatformRoutes routes, int platforms, TimeSpan every)
    {
        _routes = routes;
        _platforms = platforms;
        _every = every;
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        var self = cluster.SelfAddress;
        var asking = false;
        Receive<Refresh>(_ =>
        {
            if (asking) return;
            if (cluster.State.Members.Count <= 1)
            {
                if (routes.Remote > 0) routes.Publish(new BatchPump<ITreeMessage>?[platforms]); // alone now: all is here
                return;
            }
            asking = true;
            region.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(2)), TimeSpan.FromSeconds(3))
                .PipeTo(Self, failure: e => new Status.Failure(e));
        });
        Receive<Status.Failure>(_ => asking = false); // try again at the next tick
        Receive<ClusterShardingStats>(stats =>
        {
            asking = false;
            var links = new BatchPump<ITreeMessage>?[platforms];
            foreach (var (address, hosted) in stats.Regions)
            {
                if (!address.HasGlobalScope || address == self) continue; // this node: its entities, or its region
                if (!_links.TryGetValue(address, out var link))
                {
                    var actor = Context.ActorOf(GatewayLink.Props(new RootActorPath(address) / "user" / CameraGateway.Name, sink, region));
                    link = new BatchPump<ITreeMessage>($"gateway-pump:{address.Port}", batch => actor.Tell(batch));
                    _links[address] = link;
                }
                foreach (var shard in hosted.Stats.Keys)
                    if (int.TryParse(shard, out var p) && (uint)p < (uint)platforms) links[p] = link;
            }
            // The link of a node that left stays: stopping it would lose what its mailbox holds, and once its gateway is
            // gone it hands everything to the region (see GatewayLink).
            routes.Publish(links);
        });
    }

    protected override void PostStop()
    {
        _routes.Publish(new BatchPump<ITreeMessage>?[_platforms]); // back to this node for everything
        foreach (var (address, link) in _links)
        {
            link.Dispose();
            var (batches, items) = link.Sent;
            Context.GetLogger().Info("device messages to {0}: {1:N0} in {2:N0} batches ({3:0.0} per batch)", address, items, batches,
                items / (double)Math.Max(1, batches));
        }
    }

    protected override void PreStart() => Timers.StartPeriodicTimer("refresh", Refresh.Instance, TimeSpan.Zero, _every);

    public static Props Props(IActorRef region, IActorRef sink, PlatformRoutes routes, int platforms, TimeSpan every) =>
        Akka.Actor.Props.Create(() => new RouteKeeper(region, sink, routes, platforms, every));
}
