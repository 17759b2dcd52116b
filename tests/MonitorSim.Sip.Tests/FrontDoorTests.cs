using System.Collections.Concurrent;
using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Sip.Diagnostics;
using MonitorSim.Sip.Platform;
using MonitorSim.Sip.Tests.Support;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Tests;

/// <summary>The tree's SIP front door: SIP requests become the tree's operations, and the SIP answers wait for the tree's.</summary>
public class FrontDoorTests
{
    [Fact]
    public async Task A_SIP_registration_registers_the_camera_its_code_numbers_in_the_tree()
    {
        var tree = new ScriptedTree();
        await using var door = SipFrontDoor.Start(new SipTarget(SipTransportKind.Udp, "127.0.0.1", 0), Loopback.Domain, Loopback.Password, 10, tree.Build);
        var outcomes = new OutcomeRecorder();
        await using var cameras = await Loopback.Devices(door.Platform.Address, outcomes, devices: 10);

        cameras.Register(7, Loopback.Ticket(7));

        Assert.Equal(OpStatus.Ok, (await outcomes.NextAsync()).Status);
        Assert.Equal([("register", 7)], tree.Calls);
        Assert.Equal(0, door.Backend.Pending);
    }

    [Fact]
    public async Task A_keepalive_the_tree_refuses_is_refused_403_and_the_refusal_counted_by_the_tree_s_reason()
    {
        var tree = new ScriptedTree { Keepalive = (OpStatus.Rejected, "not_registered") };
        await using var door = SipFrontDoor.Start(new SipTarget(SipTransportKind.Tcp, "127.0.0.1", 0), Loopback.Domain, Loopback.Password, 10, tree.Build);
        var outcomes = new OutcomeRecorder();
        await using var cameras = await Loopback.Devices(door.Platform.Address, outcomes, devices: 10);
        cameras.Register(2, Loopback.Ticket(2));
        await outcomes.NextAsync();

        cameras.Keepalive(2, Loopback.Ticket(2));
        var outcome = await outcomes.NextAsync();

        Assert.Equal((OpStatus.Rejected, "sip_403"), (outcome.Status, outcome.Reason));
        Assert.Equal(1, door.Backend.Refusals["not_registered"]);
    }

    [Fact]
    public async Task An_alarm_reaches_the_tree_with_its_type_and_the_camera_hears_the_alarm_answer_once_the_tree_acknowledged_it()
    {
        var tree = new ScriptedTree();
        await using var door = SipFrontDoor.Start(new SipTarget(SipTransportKind.Udp, "127.0.0.1", 0), Loopback.Domain, Loopback.Password, 10, tree.Build);
        var outcomes = new OutcomeRecorder();
        await using var cameras = await Loopback.Devices(door.Platform.Address, outcomes, devices: 10);
        cameras.Register(3, Loopback.Ticket(3));
        await outcomes.NextAsync();

        cameras.RaiseAlarm(3, AlarmType.QueueOverflow, Loopback.Ticket(3));

        Assert.Equal(OpStatus.Ok, (await outcomes.NextAsync()).Status);
        await Eventually.True(() => cameras.Counters[SipEvent.RequestsReceived] == 1, "the alarm answer reached the camera");
        Assert.Equal([("register", 3), ("alarm QueueOverflow", 3)], tree.Calls);
    }

    [Fact]
    public async Task A_device_whose_code_numbers_no_camera_of_the_tree_is_refused_without_asking_the_tree()
    {
        var tree = new ScriptedTree();
        await using var door = SipFrontDoor.Start(new SipTarget(SipTransportKind.Udp, "127.0.0.1", 0), Loopback.Domain, Loopback.Password, 5, tree.Build);
        var outcomes = new OutcomeRecorder();
        await using var cameras = await Loopback.Devices(door.Platform.Address, outcomes, devices: 10);

        cameras.Register(8, Loopback.Ticket(8));
        var outcome = await outcomes.NextAsync();

        Assert.Equal((OpStatus.Rejected, "sip_403"), (outcome.Status, outcome.Reason));
        Assert.Empty(tree.Calls);
        Assert.Equal(1, door.Backend.Refusals["not_a_camera_of_the_tree"]);
    }

    /// <summary>A tree that answers each operation at once with a scripted status, recording what it was asked.</summary>
    private sealed class ScriptedTree : IMonitoringTree
    {
        private IOperationObserver? _observer;

        public (OpStatus Status, string? Reason) Keepalive { get; init; } = (OpStatus.Ok, null);

        public ConcurrentQueue<(string Op, int Camera)> CallQueue { get; } = new();

        public IReadOnlyList<(string Op, int Camera)> Calls => [.. CallQueue];

        public ScriptedTree Build(IOperationObserver observer)
        {
            _observer = observer;
            return this;
        }

        public void Register(CameraId camera, OpTicket ticket) => Answer("register", camera, ticket, OperationKind.Registration, (OpStatus.Ok, null));

        void IMonitoringTree.Keepalive(CameraId camera, OpTicket ticket) => Answer("keepalive", camera, ticket, OperationKind.Keepalive, Keepalive);

        public void RaiseAlarm(CameraId camera, AlarmType type, OpTicket ticket) => Answer($"alarm {type}", camera, ticket, OperationKind.Alarm, (OpStatus.Ok, null));

        public void ServiceFlow(PointId point, ServiceFlowStep step, OpTicket ticket) => throw new InvalidOperationException();

        public void QueryAlarm(CameraId camera, long alarmId, OpTicket ticket) => throw new InvalidOperationException();

        public void FileClue(PointId point, OpTicket ticket) => throw new InvalidOperationException();

        public void ListClue(long clue, OpTicket ticket) => throw new InvalidOperationException();

        public void OpenCoHandling(int unit, OpTicket ticket) => throw new InvalidOperationException();

        private void Answer(string op, CameraId camera, OpTicket ticket, OperationKind kind, (OpStatus Status, string? Reason) answer)
        {
            CallQueue.Enqueue((op, camera.Value));
            Assert.Equal(TreeSipBackend.FrontDoorStream, ticket.Stream);
            _observer!.OnCompleted(new OpOutcome(ticket, kind, answer.Status, Stopwatch.GetTimestamp(), Reason: answer.Reason));
        }
    }
}
