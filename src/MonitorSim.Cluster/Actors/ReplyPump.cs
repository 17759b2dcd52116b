using Akka.Actor;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// The <c>ReplyTo</c> a <see cref="CameraGateway"/> gives the device messages of one remote load engine: answers told to
/// it are sent back to that engine's sink in <see cref="OperationDoneBatch"/>es. Like the sink, not a mailbox actor: a
/// tell runs on the replier's thread and only adds to the batch.
/// </summary>
public sealed class ReplyPump : MinimalActorRef, IDisposable
{
    private readonly BatchPump<OperationDone> _pump;

    public ReplyPump(ActorSystem system, IActorRef sink)
    {
        Provider = ((ExtendedActorSystem)system).Provider;
        Path = Provider.TempPath();
        Provider.RegisterTempActor(this, Path);
        _pump = new BatchPump<OperationDone>("reply-pump", done => sink.Tell(new OperationDoneBatch(done)));
    }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider { get; }

    protected override void TellInternal(object message, IActorRef sender)
    {
        if (message is OperationDone d) _pump.Add(d);
    }

    public override void Stop() => Dispose();

    public void Dispose()
    {
        Provider.UnregisterTempActor(Path);
        _pump.Dispose();
    }
}
