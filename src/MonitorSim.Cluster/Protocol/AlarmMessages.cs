using Akka.Actor;
using MonitorSim.Cluster.Sharding;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Cluster.Protocol;

/// <summary>Point → platform: an alarm the point accepted (second hop). <paramref name="PointSeq"/> lets the point match the ack.</summary>
/// <param name="ReplyTo">Who waits for the city's acknowledgment; <c>Nobody</c> for alarms the point raised itself.</param>
/// <param name="PointAcked">Stopwatch timestamp when the point accepted the alarm.</param>
public sealed record AlarmToPlatform(
    int Platform, int Point, int Camera, AlarmType Type, long PointSeq, OpTicket Ticket, IActorRef ReplyTo, long PointAcked) : ITreeMessage
{
    public string EntityId => EntityIds.Platform(Platform);
}

/// <summary>Platform → point: the alarm is persisted at the platform (acknowledges the second hop).</summary>
public sealed record AlarmStored(long PointSeq, long AlarmId);

/// <summary>An alarm as the city ledger receives it.</summary>
public sealed record AlarmNotice(long AlarmId, int Camera, AlarmType Type, DateTime At);

/// <summary>Platform → city: a batch of alarms and catalog changes plus the platform's current roll-up (third hop;
/// batched because it is the only hop that crosses nodes).</summary>
/// <param name="Changes">Its cameras' catalog changes since the previous report, in the order they happened (null: none).</param>
public sealed record PlatformReport(int Platform, long Seq, IReadOnlyList<AlarmNotice> Alarms, RollUp RollUp,
    IReadOnlyList<CatalogChange>? Changes = null);

/// <summary>City → platform: the report with this sequence number is recorded at the city.</summary>
/// <param name="CityAcked">Stopwatch timestamp when the city recorded it.</param>
public sealed record PlatformReportAck(long Seq, long CityAcked);

/// <summary>A supervisor's question to the city about an alarm (GB/T 28181 Query, CmdType Alarm).</summary>
/// <param name="AlarmId">The alarm's id at its platform; 0 asks for the alarms active at the camera's service point.</param>
public sealed record QueryAlarm(int Platform, int Point, int Camera, long AlarmId, OpTicket Ticket, IActorRef ReplyTo);

/// <summary>City → platform: the question passed on to the platform that keeps the alarm's record; the platform answers
/// the supervisor directly.</summary>
public sealed record AlarmStatusQuery(QueryAlarm Query);

/// <summary>Online, offline and active-alarm counts of a subtree.</summary>
public sealed record RollUp(int Online, int Offline, int ActiveAlarms)
{
    public static RollUp Zero { get; } = new(0, 0, 0);
}
