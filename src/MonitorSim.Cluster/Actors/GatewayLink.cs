using Akka.Actor;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// The load engine's side of one remote node's <see cref="CameraGateway"/>: batches of device messages for the platforms
/// that node hosts (gathered by a <see cref="BatchPump{T}"/>) go on as <see cref="DeviceBatch"/>es. Until the gateway is
/// found, and once its node has died, the link hands each message to the local shard region instead, answered straight to
/// the sink: the region finds the platform wherever it (re)starts, so no message is sent into the void.
/// </summary>
public sealed class GatewayLink : ReceiveActor
{
    private IActorRef? _gateway;

    public GatewayLink(ActorPath gateway, IActorRef sink, IActorRef region)
    {
        Receive<ITreeMessage[]>(batch =>
        {
            if (_gateway is { } g)
                g.Tell(new DeviceBatch(sink, batch));
            else
                foreach (var m in batch) region.Tell(m.AnsweredTo(sink));
        });
        Receive<ActorIdentity>(id =>
        {
            if (id.Subject is not { } found) return;
            _gateway = found;
            Context.Watch(found);
        });
        Receive<Terminated>(_ => _gateway = null);
        Context.ActorSelection(gateway).Tell(new Identify(null));
    }

    public static Props Props(ActorPath gateway, IActorRef sink, IActorRef region) =>
        Akka.Actor.Props.Create(() => new GatewayLink(gateway, sink, region));
}
