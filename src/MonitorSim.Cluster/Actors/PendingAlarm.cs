using Akka.Actor;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Cluster.Actors;

/// <summary>An alarm stored at a platform and waiting for the city's acknowledgment.</summary>
internal readonly record struct PendingAlarm(long AlarmId, int Camera, AlarmType Type, DateTime At, OpTicket Ticket, IActorRef ReplyTo, long PointAcked, long PlatformAcked);
