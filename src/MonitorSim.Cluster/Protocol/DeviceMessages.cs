using Akka.Actor;
using MonitorSim.Cluster.Sharding;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Cluster.Protocol;

/// <summary>A camera's keepalive to its platform (GB/T 28181 MESSAGE Keepalive). Not persisted.</summary>
/// <param name="Camera">Global camera index.</param>
public sealed record Keepalive(int Platform, int Camera, OpTicket Ticket, IActorRef ReplyTo) : ITreeMessage
{
    public string EntityId => EntityIds.Platform(Platform);
}

/// <summary>A camera's REGISTER (or refresh) to its platform.</summary>
public sealed record Register(int Platform, int Camera, OpTicket Ticket, IActorRef ReplyTo) : ITreeMessage
{
    public string EntityId => EntityIds.Platform(Platform);
}

/// <summary>An alarm raised at a camera, delivered to the camera's service point (first hop).</summary>
public sealed record RaiseAlarm(int Platform, int Point, int Camera, AlarmType Type, OpTicket Ticket, IActorRef ReplyTo) : ITreeMessage
{
    public string EntityId => EntityIds.Point(Point);
}

/// <summary>One step of a citizen's transaction at a service point.</summary>
public sealed record ServiceFlowRequest(int Platform, int Point, ServiceFlowStep Step, OpTicket Ticket, IActorRef ReplyTo) : ITreeMessage
{
    public string EntityId => EntityIds.Point(Point);
}

/// <summary>The answer to a load-engine operation, sent to the operation's <c>ReplyTo</c>.</summary>
public sealed record OperationDone(OpTicket Ticket, OperationKind Kind, OpStatus Status, AlarmHops Hops = default, string? Reason = null, long Ref = 0);
