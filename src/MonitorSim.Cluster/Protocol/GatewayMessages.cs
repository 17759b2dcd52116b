using Akka.Actor;

namespace MonitorSim.Cluster.Protocol;

/// <summary>
/// Load engine → a remote node's camera gateway: device messages for platforms that node hosts, sent as one remoting
/// message. Each message's own <c>ReplyTo</c> is <c>Nobody</c>; the gateway answers through a reply batcher of its node that
/// forwards to <paramref name="ReplyTo"/> (the engine's sink), so that the answers cross back batched too.
/// </summary>
public sealed record DeviceBatch(IActorRef ReplyTo, ITreeMessage[] Messages);

/// <summary>A node's reply batcher → the load engine's sink: the answers gathered since its last batch.</summary>
public sealed record OperationDoneBatch(OperationDone[] Done);

/// <summary>Who a device message's answer goes to.</summary>
public static class DeviceReplies
{
    /// <summary>The device message <paramref name="m"/> answered to <paramref name="replyTo"/> instead.</summary>
    public static ITreeMessage AnsweredTo(this ITreeMessage m, IActorRef replyTo) => m switch
    {
        Keepalive k => k with { ReplyTo = replyTo },
        Register r => r with { ReplyTo = replyTo },
        RaiseAlarm a => a with { ReplyTo = replyTo },
        ServiceFlowRequest s => s with { ReplyTo = replyTo },
        _ => m,
    };
}
