using Akka.Actor;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster;

/// <summary>
/// The Akka cluster behind the load engine's port: each call becomes one message into the platform's shard — through the
/// local shard region when the platform is hosted here, or batched through the camera gateway of the node that hosts it
/// (see <see cref="CameraGateway"/>; <see cref="PlatformRoutes"/> says which).
/// </summary>
public sealed class ClusterTree : IMonitoringTree
{
    private readonly IActorRef _region;
    private readonly CityTopology _topology;
    private readonly OperationSink _sink;

    private readonly IActorRef _city;
    private readonly PlatformRoutes _routes;

    public ClusterTree(ActorSystem system, IActorRef region, IActorRef city, CityTopology topology, IOperationObserver observer)
    {
        _region = region;
        _city = city;
        _topology = topology;
        _sink = new OperationSink(system, observer);
        _routes = new PlatformRoutes(topology.Platforms.Count);
        system.ActorOf(RouteKeeper.Props(region, _sink, _routes, topology.Platforms.Count, TimeSpan.FromSeconds(1)));
    }

    /// <summary>Platforms currently reached through another node's gateway (0 on a single node).</summary>
    public int RemotePlatforms => _routes.Remote;

    public void Register(CameraId camera, OpTicket ticket)
    {
        var platform = _topology.PlatformOf(camera).Value;
        Send(platform, new Register(platform, camera.Value, ticket, _sink));
    }

    public void Keepalive(CameraId camera, OpTicket ticket)
    {
        var platform = _topology.PlatformOf(camera).Value;
        Send(platform, new Keepalive(platform, camera.Value, ticket, _sink));
    }

    public void RaiseAlarm(CameraId camera, AlarmType type, OpTicket ticket)
    {
        var point = _topology.PointOf(camera);
        var platform = _topology.PlatformOf(point).Value;
        Send(platform, new RaiseAlarm(platform, point.Value, camera.Value, type, ticket, _sink));
    }

    public void ServiceFlow(PointId point, ServiceFlowStep step, OpTicket ticket)
    {
        var platform = _topology.PlatformOf(point).Value;
        Send(platform, new ServiceFlowRequest(platform, point.Value, step, ticket, _sink));
    }

    /// <summary>A device message to its platform's node: into the batch to that node's gateway (which names its own reply
    /// pump for the answer, so the sink need not travel with each message), or to the local region.</summary>
    private void Send(int platform, ITreeMessage message)
    {
        if (_routes.LinkOf(platform) is { } link) link.Add(message.AnsweredTo(ActorRefs.Nobody));
        else _region.Tell(message);
    }

    public void QueryAlarm(CameraId camera, long alarmId, OpTicket ticket)
    {
        var point = _topology.PointOf(camera);
        _city.Tell(new QueryAlarm(_topology.PlatformOf(point).Value, point.Value, camera.Value, alarmId, ticket, _sink));
    }
}
