using System.Diagnostics;
using Akka.Actor;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// A service point (service hall, office, village station): the first hop of its cameras' alarms and the place where
/// citizens' transactions happen. It forwards alarms to its platform until the platform acknowledges them (at least
/// once), and raises a queue-overflow alarm itself when its waiting line grows past what its windows can serve.
/// A camera that hears nothing re-sends its alarm (SIP over UDP): the point knows the copy by its transaction (the
/// camera's ticket) and passes on the first alarm again instead of a new one, so the platform stores it once.
/// </summary>
public sealed class PointActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(2);
    private readonly PointInfo _info;
    private readonly Dictionary<long, (AlarmToPlatform Alarm, long SentAt)> _awaitingAck = [];
    // The alarms cameras raised here lately, by transaction: those of the last two minutes (a camera re-sends for 32 s),
    // at most 4,096 in a burst. Kept as values inside the table, not as the messages: a message kept two minutes is
    // promoted to the collector's old generation, and at load factor 1,200 that was 2,000–3,000 messages a second (heap
    // snapshots, docs/sizing.md, "Measured: the collector's share of the tree").
    private readonly RecentEntries<(int Stream, int Camera, long Intended), FirstAlarm> _recent = new(4096, AlarmDeduplicator.RememberFor);
    private long _copies;
    private readonly int _overflowAt;
    private readonly LocalEntities _entities;
    private IActorRef _region = ActorRefs.Nobody;
    private long _seq;
    private long _accepted;
    private int _waiting;
    private int _serving;
    private bool _overflowRaised;

    public PointActor(PointInfo info, LocalEntities entities)
    {
        _info = info;
        _entities = entities;
        // Assumption, the seed is silent (docs/domain.md#assumptions): about one service window per camera, overflow at 8 citizens per window.
        _overflowAt = Math.Max(8, info.CameraCount * 8);
        // Sequence numbers must keep rising across restarts of the point, or the platform (which remembers the highest
        // it stored) would take new alarms for resends: start from the wall clock's ticks.
        _seq = DateTime.UtcNow.Ticks;
        Receive<RaiseAlarm>(OnRaiseAlarm);
        Receive<AlarmStored>(s =>
        {
            _awaitingAck.Remove(s.PointSeq);
            if (_awaitingAck.Count == 0) Timers.Cancel(ResendTimer);
        });
        Receive<ServiceFlowRequest>(OnServiceFlow);
        Receive<Tick>(_ => ResendUnacknowledged());
        Receive<Wake>(w => Sender.Tell(new Awake(w.EntityId)));
        Receive<GetPointStatus>(_ => Sender.Tell(new PointStatus(_info.Id.Value, _accepted, _awaitingAck.Count, _waiting, _serving, _copies)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(PointInfo info, LocalEntities entities) => Akka.Actor.Props.Create(() => new PointActor(info, entities));

    protected override void PreStart()
    {
        _region = Akka.Hosting.ActorRegistry.For(Context.System).Get<TreeRegionKey>();
        _entities.Enter(new TreeEntity(false, _info.Id.Value), Self); // device messages come straight here from now on
    }

    protected override void PostStop() => _entities.Leave(new TreeEntity(false, _info.Id.Value), Self);

    /// <summary>The resend timer runs only while an alarm awaits its platform's acknowledgment: a province has 173,300
    /// points, and a timer each, always on, was 86,650 ticks a second (and a scheduled timer's memory) for the handful
    /// of points with an alarm in flight.</summary>
    private void AwaitAck(AlarmToPlatform alarm, long sentAt)
    {
        _awaitingAck[alarm.PointSeq] = (alarm, sentAt);
        if (!Timers.IsTimerActive(ResendTimer)) Timers.StartPeriodicTimer(ResendTimer, Tick.Retry, ResendAfter);
    }

    private const string ResendTimer = "resend";

    private void OnRaiseAlarm(RaiseAlarm a)
    {
        var key = (a.Ticket.Stream, a.Camera, a.Ticket.Intended);
        if (!_recent.TryGetValue(key, out var first))
        {
            var alarm = Accept(a.Camera, a.Type, a.Ticket, a.ReplyTo);
            _recent.Set(key, new FirstAlarm(alarm.Type, alarm.PointSeq, alarm.PointAcked));
            return;
        }
        // A copy: the camera heard nothing yet. The first alarm goes to the platform again, answered to the copy's reply
        // path (the first one's may be gone with a node); the platform knows it by its sequence number.
        _copies++;
        var again = new AlarmToPlatform(_info.Platform.Value, _info.Id.Value, a.Camera, first.Type, first.PointSeq, a.Ticket, a.ReplyTo,
            first.PointAcked);
        if (_awaitingAck.ContainsKey(again.PointSeq)) _awaitingAck[again.PointSeq] = (again, Stopwatch.GetTimestamp());
        _region.Tell(again, Self);
    }

    private AlarmToPlatform Accept(int camera, AlarmType type, OpTicket ticket, IActorRef replyTo)
    {
        _accepted++;
        var alarm = new AlarmToPlatform(_info.Platform.Value, _info.Id.Value, camera, type, ++_seq, ticket, replyTo, Stopwatch.GetTimestamp());
        AwaitAck(alarm, alarm.PointAcked);
        _region.Tell(alarm, Self);
        return alarm;
    }

    private void OnServiceFlow(ServiceFlowRequest r)
    {
        switch (r.Step)
        {
            case ServiceFlowStep.TakeNumber: _waiting++; break;
            case ServiceFlowStep.Called when _waiting > 0: _waiting--; _serving++; break;
            case ServiceFlowStep.Served when _serving > 0: _serving--; break;
        }
        r.ReplyTo.Answer(r.Ticket, OperationKind.ServiceFlow, OpStatus.Ok);

        if (!_overflowRaised && _waiting >= _overflowAt)
        {
            _overflowRaised = true;
            Accept(_info.FirstCamera.Value, AlarmType.QueueOverflow, default, ActorRefs.Nobody);
        }
        else if (_overflowRaised && _waiting < _overflowAt / 2)
        {
            _overflowRaised = false;
        }
    }

    /// <summary>What a copy of an alarm needs of the first: its type, the number the point gave it and when the point
    /// accepted it (the camera is in the key, the ticket and reply path are the copy's own).</summary>
    private readonly record struct FirstAlarm(AlarmType Type, long PointSeq, long PointAcked);

    private void ResendUnacknowledged()
    {
        if (_awaitingAck.Count == 0)
        {
            Timers.Cancel(ResendTimer);
            return;
        }
        var now = Stopwatch.GetTimestamp();
        foreach (var (seq, (alarm, sentAt)) in _awaitingAck.ToArray())
        {
            if (Stopwatch.GetElapsedTime(sentAt, now) < ResendAfter) continue;
            _awaitingAck[seq] = (alarm, now);
            _region.Tell(alarm, Self);
        }
    }
}
