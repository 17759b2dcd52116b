using Akka.Actor;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// How the tree answers a load-engine operation. An answer to this node's <see cref="OperationSink"/> is handed to it
/// directly, with no <see cref="OperationDone"/> made: the sink runs on the replier's thread anyway and would drop the
/// message at once, so the ~110 bytes a message takes were pure garbage on every operation (on a machine whose gen-0
/// budget is 2.3 MB, one collection every ~20,000 operations; docs/measurement.md). Any other <c>ReplyTo</c> (another
/// node's reply pump, a test probe) gets the message as before, so what travels between nodes is unchanged.
/// </summary>
public static class OperationAnswers
{
    /// <summary>Answers the operation <paramref name="ticket"/> to <paramref name="replyTo"/> (see the class).</summary>
    public static void Answer(this IActorRef replyTo, in OpTicket ticket, OperationKind kind, OpStatus status,
        AlarmHops hops = default, string? reason = null, long reference = 0)
    {
        if (replyTo is OperationSink sink) sink.Complete(ticket, kind, status, hops, reason, reference);
        else replyTo.Tell(new OperationDone(ticket, kind, status, hops, reason, reference));
    }
}
