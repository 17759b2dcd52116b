using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Sip.Devices;

namespace MonitorSim.Load.Targets;

/// <summary>
/// The camera operations of SIP-targeted streams, as the engine's port: camera <c>i</c> of the topology is device
/// <c>i</c> of a <see cref="SipDevicePool"/>, and a registration, keepalive or alarm is that camera's SIP exchange
/// with the platform. The other operations belong to the tree's platforms and the supervision system, which a
/// GB/T 28181 camera does not talk to: they fail at once as <c>not_a_sip_operation</c> (the scenario reader keeps
/// them off SIP streams).
/// </summary>
public sealed class SipCameraTree(SipDevicePool pool, IOperationObserver observer) : IMonitoringTree
{
    public SipDevicePool Pool => pool;

    public void Register(CameraId camera, OpTicket ticket) => pool.Register(camera.Value, ticket);

    public void Keepalive(CameraId camera, OpTicket ticket) => pool.Keepalive(camera.Value, ticket);

    public void RaiseAlarm(CameraId camera, AlarmType type, OpTicket ticket) => pool.RaiseAlarm(camera.Value, type, ticket);

    public void ServiceFlow(PointId point, ServiceFlowStep step, OpTicket ticket) => NotSip(ticket, OperationKind.ServiceFlow);

    public void QueryAlarm(CameraId camera, long alarmId, OpTicket ticket) => NotSip(ticket, OperationKind.AlarmQuery);

    public void FileClue(PointId point, OpTicket ticket) => NotSip(ticket, OperationKind.ClueIntake);

    public void ListClue(long clue, OpTicket ticket) => NotSip(ticket, OperationKind.ClueListing);

    public void OpenCoHandling(int unit, OpTicket ticket) => NotSip(ticket, OperationKind.CoHandling);

    private void NotSip(in OpTicket ticket, OperationKind kind) =>
        observer.OnCompleted(new OpOutcome(ticket, kind, OpStatus.Failed, Stopwatch.GetTimestamp(), Reason: "not_a_sip_operation"));
}
