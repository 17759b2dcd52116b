using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Sharding;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// Where the load engine sends each platform's device messages: straight to the shard region when the platform is hosted
/// here (or its node is not known yet), or into the batch pump of the <see cref="GatewayLink"/> to the node that hosts it.
/// Read on the generator thread for every operation, so it is one array read; <see cref="RouteKeeper"/> replaces the array
/// as shards move.
/// A stale route costs a detour, never a message: whichever node receives it, its region forwards to the platform.
/// </summary>
public sealed class PlatformRoutes(int platforms)
{
    private volatile BatchPump<ITreeMessage>?[] _links = new BatchPump<ITreeMessage>?[platforms];

    /// <summary>The batch pump to the node hosting <paramref name="platform"/>, or null to use the local shard region.</summary>
    public BatchPump<ITreeMessage>? LinkOf(int platform)
    {
        var links = _links;
        return (uint)platform < (uint)links.Length ? links[platform] : null;
    }

    /// <summary>How many platforms are reached through a remote node's gateway.</summary>
    public int Remote => _links.Count(l => l is not null);

    internal void Publish(BatchPump<ITreeMessage>?[] links) => _links = links;
}

/// <summary>
/// Keeps <see cref="PlatformRoutes"/> current: once a second, while the cluster has more than one member, asks the shard
/// coordinator which node hosts which platform and points each remote platform at a link to that node's gateway.
/// </summary>
public sealed class RouteKeeper : ReceiveActor, IWithTimers
{
    private sealed class Refresh
    {
        public static readonly Refresh Instance = new();
    }

    private readonly Dictionary<Address, BatchPump<ITreeMessage>> _links = new();

    public ITimerScheduler Timers { get; set; } = null!;

    public RouteKeeper(IActorRef region, IActorRef sink, PlatformRoutes routes, int platforms, TimeSpan every)
    {
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
                if (!address.HasGlobalScope || address == self) continue; // this node: the region is at hand
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
        _every = every;
        _routes = routes;
        _platforms = platforms;
    }

    private readonly PlatformRoutes _routes;
    private readonly int _platforms;

    private readonly TimeSpan _every;

    protected override void PostStop()
    {
        _routes.Publish(new BatchPump<ITreeMessage>?[_platforms]); // back to the region for everything
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
