using Akka.Actor;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster;

/// <summary>The Akka cluster behind the load engine's port: each call becomes one message into the platform's shard.</summary>
public sealed class ClusterTree : IMonitoringTree
{
    private readonly IActorRef _region;
    private readonly CityTopology _topology;
    private readonly OperationSink _sink;

    private readonly IActorRef _city;

    public ClusterTree(ActorSystem system, IActorRef region, IActorRef city, CityTopology topology, IOperationObserver observer)
    {
        _region = region;
        _city = city;
        _topology = topology;
        _sink = new OperationSink(system, observer);
    }

    public void Register(CameraId camera, OpTicket ticket) =>
        _region.Tell(new Register(_topology.PlatformOf(camera).Value, camera.Value, ticket, _sink));

    public void Keepalive(CameraId camera, OpTicket ticket) =>
        _region.Tell(new Keepalive(_topology.PlatformOf(camera).Value, camera.Value, ticket, _sink));

    public void RaiseAlarm(CameraId camera, AlarmType type, OpTicket ticket)
    {
        var point = _topology.PointOf(camera);
        _region.Tell(new RaiseAlarm(_topology.PlatformOf(point).Value, point.Value, camera.Value, type, ticket, _sink));
    }

    public void ServiceFlow(PointId point, ServiceFlowStep step, OpTicket ticket) =>
        _region.Tell(new ServiceFlowRequest(_topology.PlatformOf(point).Value, point.Value, step, ticket, _sink));

    public void QueryAlarm(CameraId camera, long alarmId, OpTicket ticket)
    {
        var point = _topology.PointOf(camera);
        _city.Tell(new QueryAlarm(_topology.PlatformOf(point).Value, point.Value, camera.Value, alarmId, ticket, _sink));
    }
}
