using MonitorSim.Domain.Topology;
using System.Diagnostics.CodeAnalysis;

namespace MonitorSim.Domain.Operations;

/// <summary>
/// The system under test as the load engine sees it: each call starts one operation and returns at once; the
/// outcome arrives later through the <see cref="IOperationObserver"/> the tree was built with.
/// The Akka cluster implements it; the load engine depends only on this port.
/// </summary>
public interface IMonitoringTree
{
    void Register(CameraId camera, OpTicket ticket);

    void Keepalive(CameraId camera, OpTicket ticket);

    void RaiseAlarm(CameraId camera, AlarmType type, OpTicket ticket);

    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
        Justification = "No assembly here is consumed from Visual Basic; the name says the service flow's step.")]
    void ServiceFlow(PointId point, ServiceFlowStep step, OpTicket ticket);

    /// <summary>Asks the city about alarm <paramref name="alarmId"/> raised at <paramref name="camera"/> (the id an alarm's
    /// outcome carries as its <see cref="OpOutcome.Ref"/>); 0 asks for the alarms active at the camera's service point.</summary>
    void QueryAlarm(CameraId camera, long alarmId, OpTicket ticket);

    /// <summary>Files a new clue about service point <paramref name="point"/>; its outcome's <see cref="OpOutcome.Ref"/>
    /// names the clue for <see cref="ListClue"/>.</summary>
    void FileClue(PointId point, OpTicket ticket);

    /// <summary>Puts clue <paramref name="clue"/> (the <see cref="OpOutcome.Ref"/> of the <see cref="FileClue"/> that filed
    /// it) on the clue list.</summary>
    void ListClue(long clue, OpTicket ticket);

    /// <summary>Opens a citizen's co-handled request at co-handling unit <paramref name="unit"/> (an index into the
    /// topology's co-handling posts and centres).</summary>
    void OpenCoHandling(int unit, OpTicket ticket);

    /// <summary>The id under which the tree stored what an acknowledged operation of <paramref name="kind"/> created or
    /// changed, from the outcome's <see cref="OpOutcome.Ref"/>: the clue of a <see cref="FileClue"/> or
    /// <see cref="ListClue"/>, the request of an <see cref="OpenCoHandling"/>. The end-of-run audit looks these ids up in
    /// the journal. Null for kinds the tree keeps under no id of their own (alarms are audited by camera and alarm id),
    /// and for trees that store nothing.</summary>
    string? StoredIdOf(OperationKind kind, long reference) => null;
}
