using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Sharding;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Sharding;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// Keeps <see cref="PlatformRoutes"/> current: once a second, while the cluster has more than one member, asks the shard
/// coordinator which node hosts which platform and points each remote platform at a link to that node's gateway; and
/// learns the entity actors of the platforms hosted here and of their points, by waking each through the region (the
/// entity answers <see cref="Awake"/> from itself), watching each, and dropping one from the routes when it stops, to be
/// learnt again at a later refresh.
/// </summary>
public sealed class RouteKeeper : ReceiveActor, IWithTimers
{
    private sealed class Refresh
    {
        public static readonly Refresh Instance = new();
    }

    /// <summary>How long an unanswered wake waits before it is sent again (a platform recovering a long journal).</summary>
    private static readonly TimeSpan WakeAgainAfter = TimeSpan.FromSeconds(5);

    private readonly Dictionary<Address, BatchPump<ITreeMessage>> _links = new();
    private readonly IActorRef _region;
    private readonly PlatformRoutes _routes;
    private readonly CityTopology _topology;
    private readonly int _platforms;
    private readonly TimeSpan _every;
    // Which platforms' shards live on this node, as last known (all of them while the node is alone).
    private readonly bool[] _hostedHere;
    private readonly long[] _platformWoken;
    private readonly long[] _pointWoken;
    private readonly Dictionary<IActorRef, TreeEntity> _watched = new();

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="topology">The city: its platforms, and each platform's points (learnt with their platform's shard).</param>
    public RouteKeeper(IActorRef region, IActorRef sink, PlatformRoutes routes, CityTopology topology, TimeSpan every)
    {
        var platforms = topology.Platforms.Count;
        _topology = topology;
        _region = region;
        _routes = routes;
        _platforms = platforms;
        _every = every;
        _hostedHere = new bool[platforms];
        _platformWoken = new long[platforms];
        _pointWoken = new long[topology.Points.Count];
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        var self = cluster.SelfAddress;
        var asking = false;
        Receive<Refresh>(_ =>
        {
            if (asking) return;
            if (cluster.State.Members.Count <= 1)
            {
                if (routes.Remote > 0) routes.Publish(new BatchPump<ITreeMessage>?[platforms]); // alone now: all is here
                for (var p = 0; p < platforms; p++) _hostedHere[p] = true;
                WakeUnknown();
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
            var here = new bool[platforms];
            foreach (var (address, hosted) in stats.Regions)
            {
                var local = !address.HasGlobalScope || address == self;
                if (!local && !_links.TryGetValue(address, out var link))
                {
                    var actor = Context.ActorOf(GatewayLink.Props(new RootActorPath(address) / "user" / CameraGateway.Name, sink, region));
                    link = new BatchPump<ITreeMessage>($"gateway-pump:{address.Port}", batch => actor.Tell(batch));
                    _links[address] = link;
                }
                foreach (var shard in hosted.Stats.Keys)
                {
                    if (!int.TryParse(shard, out var p) || (uint)p >= (uint)platforms) continue;
                    if (local) here[p] = true; // this node: its region, or its entities, are at hand
                    else links[p] = _links[address];
                }
            }
            // The link of a node that left stays: stopping it would lose what its mailbox holds, and once its gateway is
            // gone it hands everything to the region (see GatewayLink).
            routes.Publish(links);
            for (var p = 0; p < platforms; p++)
            {
                if (_hostedHere[p] && !here[p]) ForgetPlatform(p); // moved away: its entities here have stopped or will
                _hostedHere[p] = here[p];
            }
            WakeUnknown();
        });
        Receive<Awake>(OnAwake);
        Receive<Terminated>(t =>
        {
            if (!_watched.Remove(t.ActorRef, out var entity)) return;
            if (Equals(routes.EntityOf(entity), t.ActorRef)) routes.SetEntity(entity, null); // the region again, until learnt anew
            WokenAt(entity) = 0;
        });
    }

    /// <summary>Wakes, through the region, every entity hosted here that the routes do not know and that was not woken
    /// lately; each answers from itself.</summary>
    private void WakeUnknown()
    {
        var now = Stopwatch.GetTimestamp();
        var again = (long)(WakeAgainAfter.TotalSeconds * Stopwatch.Frequency);
        for (var p = 0; p < _platforms; p++)
        {
            if (!_hostedHere[p]) continue;
            if (_routes.PlatformEntity(p) is null && now - _platformWoken[p] >= again)
            {
                _platformWoken[p] = now;
                _region.Tell(new Wake(p, EntityIds.Platform(p)), Self);
            }
            var points = _topology.Platforms[p];
            for (var point = points.FirstPoint.Value; point < points.FirstPoint.Value + points.PointCount; point++)
            {
                if (_routes.PointEntity(point) is not null || now - _pointWoken[point] < again) continue;
                _pointWoken[point] = now;
                _region.Tell(new Wake(p, EntityIds.Point(point)), Self);
            }
        }
    }

    private void OnAwake(Awake awake)
    {
        // An entity on another node answered (its shard moved there after the wake): its node's link reaches it.
        if (Sender.Path.Address.HasGlobalScope) return;
        TreeEntity entity;
        if (EntityIds.IsPlatform(awake.EntityId, out var platform) && (uint)platform < (uint)_platforms) entity = new TreeEntity(true, platform);
        else if (EntityIds.IsPoint(awake.EntityId, out var point) && (uint)point < (uint)_topology.Points.Count)
        {
            entity = new TreeEntity(false, point);
            platform = _topology.PlatformOf(new PointId(point)).Value;
        }
        else return;
        if (!_hostedHere[platform] || Equals(_routes.EntityOf(entity), Sender)) return;
        Context.Watch(Sender);
        _watched[Sender] = entity;
        _routes.SetEntity(entity, Sender);
    }

    private void ForgetPlatform(int platform)
    {
        Forget(new TreeEntity(true, platform));
        var points = _topology.Platforms[platform];
        for (var point = points.FirstPoint.Value; point < points.FirstPoint.Value + points.PointCount; point++) Forget(new TreeEntity(false, point));
    }

    private void Forget(TreeEntity entity)
    {
        if (_routes.EntityOf(entity) is not { } actor) return;
        _routes.SetEntity(entity, null);
        _watched.Remove(actor);
        Context.Unwatch(actor);
    }

    private ref long WokenAt(TreeEntity entity) => ref entity.IsPlatform ? ref _platformWoken[entity.Index] : ref _pointWoken[entity.Index];

    protected override void PostStop()
    {
        _routes.Publish(new BatchPump<ITreeMessage>?[_platforms]); // back to the region for everything
        foreach (var entity in _watched.Values) _routes.SetEntity(entity, null);
        foreach (var (address, link) in _links)
        {
            link.Dispose();
            var (batches, items) = link.Sent;
            Context.GetLogger().Info("device messages to {0}: {1:N0} in {2:N0} batches ({3:0.0} per batch)", address, items, batches,
                items / (double)Math.Max(1, batches));
        }
    }

    protected override void PreStart() => Timers.StartPeriodicTimer("refresh", Refresh.Instance, TimeSpan.Zero, _every);

    public static Props Props(IActorRef region, IActorRef sink, PlatformRoutes routes, CityTopology topology, TimeSpan every) =>
        Akka.Actor.Props.Create(() => new RouteKeeper(region, sink, routes, topology, every));
}
