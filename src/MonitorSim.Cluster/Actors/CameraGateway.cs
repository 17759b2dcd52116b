using Akka.Actor;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// One per tree node, at <c>/user/camera-gateway</c>: where a remote load engine's devices connect to the platforms this
/// node hosts, as cameras connect to the access gateway of their own platform rather than to a far one. It takes
/// <see cref="DeviceBatch"/>es, hands each message straight to its entity actor where the node knows it
/// (<see cref="LocalEntities"/>), else to the local shard region (a platform that moved meanwhile is still found: the
/// region forwards it), and has the answers go back batched through one <see cref="ReplyPump"/> per engine.
/// Batching in both directions is why it exists: a remoting message costs far more than the device message it carries,
/// and on a small machine per-operation remoting was most of a multi-node run's CPU.
/// </summary>
public sealed class CameraGateway : ReceiveActor
{
    public const string Name = "camera-gateway";

    private readonly Dictionary<IActorRef, ReplyPump> _pumps = new();

    public CameraGateway(IActorRef region, LocalEntities entities)
    {
        Receive<DeviceBatch>(batch =>
        {
            var replies = PumpFor(batch.ReplyTo);
            foreach (var m in batch.Messages)
                (entities.AddresseeOf(m) ?? region).Tell(m.AnsweredTo(replies));
        });
        // An engine's node is gone: so is the use of its pump.
        Receive<Terminated>(t =>
        {
            if (_pumps.Remove(t.ActorRef, out var pump)) pump.Dispose();
        });
    }

    private ReplyPump PumpFor(IActorRef sink)
    {
        if (_pumps.TryGetValue(sink, out var pump)) return pump;
        pump = new ReplyPump(Context.System, sink);
        _pumps[sink] = pump;
        Context.Watch(sink);
        return pump;
    }

    protected override void PostStop()
    {
        foreach (var pump in _pumps.Values) pump.Dispose();
        _pumps.Clear();
    }

    public static Props Props(IActorRef region, LocalEntities entities) => Akka.Actor.Props.Create(() => new CameraGateway(region, entities));
}
