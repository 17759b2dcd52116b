using System.Diagnostics;
using Akka.Actor;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// The <c>ReplyTo</c> of every load-engine operation. Not a mailbox actor: like the reference behind an Ask, a tell to
/// it runs on the replier's thread, so the completion time is stamped the moment the answer is given, with no queue of
/// our own in between, and nothing is allocated per operation (answers given on this node reach it without a message: <see cref="OperationAnswers"/>).
/// </summary>
public sealed class OperationSink : MinimalActorRef
{
    private volatile IOperationObserver _observer;

    public OperationSink(ActorSystem system, IOperationObserver observer)
    {
        _observer = observer;
        Provider = ((ExtendedActorSystem)system).Provider;
        Path = Provider.TempPath();
        Provider.RegisterTempActor(this, Path);
    }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider { get; }

    protected override void TellInternal(object message, IActorRef sender)
    {
        if (message is OperationDone d)
            Complete(d, Stopwatch.GetTimestamp());
        else if (message is OperationDoneBatch batch)
        {
            // Answers from another node's gateway: each is complete when its batch arrives, as a camera hears its answer.
            var now = Stopwatch.GetTimestamp();
            foreach (var b in batch.Done) Complete(b, now);
        }
    }

    private void Complete(OperationDone d, long completed) =>
        _observer.OnCompleted(new OpOutcome(d.Ticket, d.Kind, d.Status, completed, d.Hops, d.Reason, d.Ref));

    /// <summary>An answer given on this node without a message (<see cref="OperationAnswers.Answer"/>): complete now, on
    /// the replier's thread, exactly as a told <see cref="OperationDone"/> would be.</summary>
    internal void Complete(in OpTicket ticket, OperationKind kind, OpStatus status, AlarmHops hops, string? reason, long reference) =>
        _observer.OnCompleted(new OpOutcome(ticket, kind, status, Stopwatch.GetTimestamp(), hops, reason, reference));

    /// <summary>Unregisters the sink and lets go of its observer (the engine's whole measurement, its latency histograms):
    /// answers that come after are dropped. Unregistering is not enough on a node with peers: Akka.Remote keeps the actor
    /// references remote messages were addressed to in a per-thread cache of resolved paths (1,024 a thread, which a
    /// run's few paths never fill), the port's <see cref="RouteKeeper"/> and its links among them, and a reference keeps
    /// its actor's <c>Props</c>, whose arguments hold this sink. A sizing run on two nodes kept every trial's engine so,
    /// ~41 MB a trial (docs/sizing.md, "A trial's engine outlived it on several nodes").</summary>
    public override void Stop()
    {
        Provider.UnregisterTempActor(Path);
        _observer = Stopped.Instance;
    }

    /// <summary>What a stopped sink tells its answers to: nobody.</summary>
    private sealed class Stopped : IOperationObserver
    {
        public static readonly Stopped Instance = new();

        public void OnCompleted(in OpOutcome outcome) { }
    }
}
