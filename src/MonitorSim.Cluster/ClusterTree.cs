using Akka.Actor;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Protocol;
using System.Globalization;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Supervision;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster;

/// <summary>
/// The Akka cluster behind the load engine's port: each call becomes one message into the platform's shard — straight to
/// its platform's or point's entity actor when it runs here (<see cref="LocalEntities"/>; through the local shard region
/// while it does not, which starts it), or batched through the camera gateway of the node that hosts it (see
/// <see cref="CameraGateway"/>; <see cref="PlatformRoutes"/> says which).
/// <para>
/// Disposing it stops its <see cref="RouteKeeper"/>, which on a node with peers asks the whole cluster's shard regions
/// where every platform lives once a second. The load engine that built the port disposes it when its run ends: a sizing
/// run builds one per trial, and keepers left behind piled up one a trial on every node (measured: a 2-node cluster
/// under 0.4 cores a node using its whole quota for 13,000 operations a second after 27 trials, where its first trial had
/// carried 36,700 in it).
/// </para>
/// </summary>
public sealed class ClusterTree : IMonitoringTree, IDisposable
{
    private readonly IActorRef _region;
    private readonly CityTopology _topology;
    private readonly OperationSink _sink;

    private readonly IActorRef _city;
    private readonly PlatformRoutes _routes;
    private readonly LocalEntities _entities;
    private readonly IActorRef _clues;
    private readonly IActorRef _coHandling;
    private readonly ISimClock _clock;
    private readonly ActorSystem _system;
    private readonly IActorRef _routeKeeper;

    /// <summary>Makes this port's clue ids its own: clues are kept in the journal, so a second run on the same store (or
    /// another node's port in the same run) must not file under an id already taken.</summary>
    private readonly string _cluePrefix = $"op-{Random.Shared.Next():x8}-";
    private long _cluesFiled;
    private long _requestsOpened;

    public ClusterTree(ActorSystem system, IActorRef region, IActorRef city, IActorRef clues, IActorRef coHandling, ISimClock clock,
        CityTopology topology, LocalEntities entities, IOperationObserver observer)
    {
        _region = region;
        _city = city;
        _clues = clues;
        _coHandling = coHandling;
        _clock = clock;
        _topology = topology;
        _sink = new OperationSink(system, observer);
        _entities = entities;
        _routes = new PlatformRoutes(topology.Platforms.Count);
        _system = system;
        _routeKeeper = system.ActorOf(RouteKeeper.Props(region, _sink, _routes, topology.Platforms.Count, TimeSpan.FromSeconds(1)));
    }

    /// <summary>Stops keeping the routes: every platform is reached through this node from now on (the keeper's last
    /// act), and no more cluster-wide queries are made for this port; and unregisters the port's answer sink, which
    /// the actor system would otherwise hold, with the engine's whole measurement behind it, for as long as it runs (a
    /// sizing run kept every trial's). Late answers to the port then go to dead letters. Safe to call more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _system.Stop(_routeKeeper);
        _sink.Stop();
    }

    private int _disposed;

    /// <summary>Platforms currently reached through another node's gateway (0 on a single node).</summary>
    public int RemotePlatforms => _routes.Remote;

    /// <summary>Platforms and points running on this node, whose device messages go straight to their entity actors.</summary>
    public int DirectEntities => _entities.Known;

    public void Register(CameraId camera, OpTicket ticket)
    {
        var platform = _topology.PlatformOf(camera).Value;
        var link = _routes.LinkOf(platform);
        Send(link, _entities.Platform(platform), new Register(platform, camera.Value, ticket, AnswerTo(link)));
    }

    public void Keepalive(CameraId camera, OpTicket ticket)
    {
        var platform = _topology.PlatformOf(camera).Value;
        var link = _routes.LinkOf(platform);
        Send(link, _entities.Platform(platform), new Keepalive(platform, camera.Value, ticket, AnswerTo(link)));
    }

    public void RaiseAlarm(CameraId camera, AlarmType type, OpTicket ticket)
    {
        var point = _topology.PointOf(camera);
        var platform = _topology.PlatformOf(point).Value;
        var link = _routes.LinkOf(platform);
        Send(link, _entities.Point(point.Value), new RaiseAlarm(platform, point.Value, camera.Value, type, ticket, AnswerTo(link)));
    }

    public void ServiceFlow(PointId point, ServiceFlowStep step, OpTicket ticket)
    {
        var platform = _topology.PlatformOf(point).Value;
        var link = _routes.LinkOf(platform);
        Send(link, _entities.Point(point.Value), new ServiceFlowRequest(platform, point.Value, step, ticket, AnswerTo(link)));
    }

    /// <summary>Whom a device message names for its answer: the sink, or nobody when it goes through another node's gateway
    /// (which names its own reply pump, so the sink need not travel with each message).</summary>
    private IActorRef AnswerTo(BatchPump<ITreeMessage>? link) => link is null ? _sink : ActorRefs.Nobody;

    /// <summary>A device message to its platform's node: into the batch to that node's gateway; here, to its entity when
    /// the routes know it, else to the local region.</summary>
    private void Send(BatchPump<ITreeMessage>? link, IActorRef? entity, ITreeMessage message)
    {
        if (link is not null) link.Add(message);
        else (entity ?? _region).Tell(message);
    }

    public void QueryAlarm(CameraId camera, long alarmId, OpTicket ticket)
    {
        var point = _topology.PointOf(camera);
        _city.Tell(new QueryAlarm(_topology.PlatformOf(point).Value, point.Value, camera.Value, alarmId, ticket, _sink));
    }

    /// <summary>A petition about the point's window staff and its head; the point's index stands for the unit.</summary>
    public void FileClue(PointId point, OpTicket ticket)
    {
        var n = Interlocked.Increment(ref _cluesFiled);
        var id = ClueIdOf(n);
        var receive = new ReceiveClue(_clock.Now, id, ClueChannel.Petition, point.Value, [$"p{point.Value}-window", $"p{point.Value}-head"]);
        _clues.Tell(new ClueOperation(id, receive, OperationKind.ClueIntake, ticket, n, _sink));
    }

    /// <summary>Lists the clue with the office for its point as responsible and the usual 30-day deadline.</summary>
    public void ListClue(long clue, OpTicket ticket)
    {
        var id = ClueIdOf(clue);
        var now = _clock.Now;
        _clues.Tell(new ClueOperation(id, new Domain.Supervision.ListClue(now, "office head", now.AddDays(30)), OperationKind.ClueListing, ticket, clue, _sink));
    }

    /// <summary>A citizen's request at co-handling unit <paramref name="unit"/> (a post or centre), walked through the
    /// standard department steps by the unit's co-handler; its id is this port's, like a filed clue's.</summary>
    public void OpenCoHandling(int unit, OpTicket ticket)
    {
        var n = Interlocked.Increment(ref _requestsOpened);
        var id = RequestIdOf(n);
        var open = new OpenCoHandling(_clock.Now, id, unit, $"co-handler of {_topology.CoHandling[unit].Path}", CoHandlingPractice.StandardSteps);
        _coHandling.Tell(new CoHandlingOperation(id, open, unit, ticket, n, _sink));
    }

    public string? StoredIdOf(OperationKind kind, long reference) => kind switch
    {
        OperationKind.ClueIntake or OperationKind.ClueListing => ClueIdOf(reference),
        OperationKind.CoHandling => RequestIdOf(reference),
        _ => null,
    };

    /// <summary>The clue this port filed as its <paramref name="n"/>th (the outcome's Ref).</summary>
    private string ClueIdOf(long n) => _cluePrefix + n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The co-handled request this port opened as its <paramref name="n"/>th (the outcome's Ref).</summary>
    private string RequestIdOf(long n) => _cluePrefix + "r" + n.ToString(CultureInfo.InvariantCulture);
}
