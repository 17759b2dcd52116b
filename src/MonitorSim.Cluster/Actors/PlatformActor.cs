using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Cascade;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// A second-level platform: the GB/T 28181 server its cameras register and keep alive with, the second hop of every
/// alarm from its points, and the lower half of the cascade to the city. Rules live in Domain: who is online, per point too
/// (<see cref="DeviceLiveness"/>), the active alarms (<see cref="ActiveAlarms"/>), which alarm is a copy of one stored
/// (<see cref="AlarmDeduplicator"/>), the acknowledged reports to the city of its alarms and its cameras' catalog changes
/// (<see cref="CityUplink"/>). This actor holds them, persists status changes and alarms (never keepalives) and routes.
/// Cameras are rows in the liveness table, not actors: a camera's behaviour is a keepalive timestamp and a status bit,
/// and 17,932 camera actors would add a mailbox hop and ~1 KB each to every keepalive for no behaviour of their own.
/// </summary>
public sealed class PlatformActor : UntypedPersistentActor, IWithTimers
{
    private const long SnapshotEvery = 1000;
    private const string ClearanceTimer = "clearance";

    private readonly PlatformInfo _info;
    private readonly TreeContext _ctx;
    private readonly DeviceLiveness _liveness;
    private readonly ActiveAlarms _alarms;
    private readonly AlarmDeduplicator _dedup;
    private readonly List<StatusChange> _sweepBuffer = [];
    // The cascade's hop to the city: alarms and catalog changes waiting for the city's acknowledgment, with the roll-up.
    private readonly CityUplink _toCity;
    private long _nextAlarmId;
    private long _incarnation;
    private long _snapshotAt;
    private DateTime _historyUntil;   // newest event time recovered from the journal (before this incarnation's start)
    private bool _down;

    public PlatformActor(PlatformInfo info, TreeContext ctx)
    {
        _info = info;
        _ctx = ctx;
        var pointOfDevice = new int[info.CameraCount];
        for (var d = 0; d < pointOfDevice.Length; d++)
            pointOfDevice[d] = ctx.Topology.PointOf(new CameraId(info.FirstCamera.Value + d)).Value - info.FirstPoint.Value;
        _liveness = new DeviceLiveness(pointOfDevice, info.PointCount, ctx.Rules);
        _alarms = new ActiveAlarms(info.PointCount, info.FirstPoint.Value);
        _dedup = new AlarmDeduplicator(info.PointCount, info.FirstPoint.Value);
        PersistenceId = PersistenceIdOf(ctx.JournalKey, info.Id.Value);
        _toCity = new CityUplink(info.Id.Value, info.FirstCamera.Value, ctx.Province is not null);
    }

    public override string PersistenceId { get; }

    /// <summary>The journal stream of platform <paramref name="platform"/> of the city whose fingerprint is <paramref name="journalKey"/>.</summary>
    public static string PersistenceIdOf(string journalKey, int platform) => $"platform-{journalKey}-{platform}";

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(PlatformInfo info, TreeContext ctx) => Akka.Actor.Props.Create(() => new PlatformActor(info, ctx));

    private DateTime Now => _ctx.Clock.Now;

    private RollUp CurrentRollUp => new(_liveness.OnlineCount, _liveness.OfflineCount, _alarms.Count);

    protected override void PreStart()
    {
        _toCity.City = Akka.Hosting.ActorRegistry.For(Context.System).Get<CityKey>();
        _ctx.Entities.Enter(new TreeEntity(true, _info.Id.Value), Self); // device messages come straight here from now on
        base.PreStart();
    }

    protected override void PostStop() => _ctx.Entities.Leave(new TreeEntity(true, _info.Id.Value), Self);

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case AlarmRaised e:
                ApplyRaised(e);
                Saw(e.At);
                break;
            case AlarmCleared e: _alarms.Apply(e); Saw(e.At); break;
            case DeviceStatusChanged e: foreach (var c in e.Changes) { _liveness.Apply(c); Saw(c.At); } break;
            case PlatformStarted e: ApplyStarted(e); Saw(e.At); break;
            case SnapshotOffer { Snapshot: PlatformSnapshot snap } offer: Restore(snap); _snapshotAt = offer.Metadata.SequenceNr; Saw(snap.LastEventAt); break;
            case RecoveryCompleted: OnRecovered(); break;
        }
    }

    private void Saw(DateTime at)
    {
        if (at > _historyUntil) _historyUntil = at;
    }

    private void OnRecovered()
    {
        // Registration sessions are not persisted: after any (re)start every device must REGISTER again (GB/T 28181).
        var offline = _liveness.Restart(Now);
        Persist(new PlatformStarted(Now, offline.Count), _ =>
        {
            _incarnation++;
            // Recovery replays from here on: history before the restart is summed up in the snapshot.
            TakeSnapshot();
        });
        // Alarms whose time ran out while the platform was down clear now, and that is recorded like any clearance.
        ClearDueAlarms();
        Timers.StartPeriodicTimer("sweep", Tick.Sweep, _ctx.Wall(_ctx.SweepInterval));
        Timers.StartPeriodicTimer("city-keepalive", Tick.CityKeepalive, _ctx.Wall(_ctx.Rules.KeepaliveInterval));
        RegisterWithCity();
    }

    private void ApplyRaised(AlarmRaised e)
    {
        _alarms.Apply(e);
        _nextAlarmId = Math.Max(_nextAlarmId, e.AlarmId);
        _dedup.Apply(e);
    }

    /// <summary>Called after every persisted event: keeps the replay after the latest snapshot short. A snapshot copies
    /// every active alarm, so with many active the spacing grows with them, keeping its cost per event constant.</summary>
    private void MaybeSnapshot()
    {
        if (LastSequenceNr - _snapshotAt >= Math.Max(SnapshotEvery, _alarms.Count)) TakeSnapshot();
    }

    private void TakeSnapshot()
    {
        _snapshotAt = LastSequenceNr;
        SaveSnapshot(Snapshot());
    }

    private PlatformSnapshot Snapshot() => new(_liveness.ExportOnline(), _alarms.Export(), _alarms.Raised, _nextAlarmId, _incarnation,
        _dedup.ExportStored(), _historyUntil > Now ? _historyUntil : Now);

    private void Restore(PlatformSnapshot snap)
    {
        _liveness.ImportOnline(snap.Online);
        _alarms.Import(snap.Alarms, snap.AlarmsRaised);
        _nextAlarmId = snap.NextAlarmId;
        _incarnation = snap.Incarnation;
        _dedup.ImportStored(snap.AlarmSeqStored);
    }

    private void ApplyStarted(PlatformStarted e)
    {
        _incarnation++;
        _liveness.Restart(e.At);
    }

    protected override void OnCommand(object message)
    {
        if (_down)
        {
            // A crashed platform answers nothing; its devices and the city notice by timeouts.
            if (message is Tick { Kind: TickKind.Reboot }) throw new SimulatedCrashException(PersistenceId);
            return;
        }

        switch (message)
        {
            case Keepalive k: OnKeepalive(k); break;
            case Register r: OnRegister(r); break;
            case AlarmToPlatform a: OnAlarm(a); break;
            case PlatformReportAck ack: OnReportAck(ack); break;
            case AlarmsForwarded f: _toCity.Release(f.AlarmIds); break;
            case Tick t: OnTick(t); break;
            case SaveSnapshotSuccess saved:
                // Only the newest snapshot is ever read: drop the older ones so the store does not grow with them.
                if (saved.Metadata.SequenceNr > 1) DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure or DeleteSnapshotsSuccess or DeleteSnapshotsFailure:
                break; // a missing or extra snapshot only makes the next recovery longer or the store larger
            case CatalogQuery q: SendCatalog(q, _toCity.City); break; // the reports' way: a later report never overtakes a page
            case AlarmStatusQuery q: OnAlarmQuery(q.Query); break;
            case PlatformNotRegistered: _toCity.Refused(_info.CameraCount, CurrentRollUp, Self); break;
            case Wake w: Sender.Tell(new Awake(w.EntityId, _historyUntil)); break;
            case GetPlatformStatus: Sender.Tell(Status()); break;
            case Crash c:
                _down = true;
                Timers.CancelAll();
                Timers.StartSingleTimer("reboot", Tick.Reboot, c.DownFor);
                break;
            default: Unhandled(message); break;
        }
    }

    private void OnKeepalive(Keepalive k)
    {
        var device = k.Camera - _info.FirstCamera.Value;
        var verdict = _liveness.Keepalive(device, Now, out var change);
        if (change is { } c) PersistChange(c);
        if (verdict == KeepaliveVerdict.NotRegistered) k.ReplyTo.Answer(k.Ticket, OperationKind.Keepalive, OpStatus.Rejected, reason: "not_registered");
        else k.ReplyTo.Answer(k.Ticket, OperationKind.Keepalive, OpStatus.Ok);
    }

    /// <summary>A keepalive's status change, journalled, then passed up; its own method so that only a change makes the closure.</summary>
    private void PersistChange(StatusChange c) => PersistAsync(new DeviceStatusChanged([c]), _ => PassUp(c));

    private void OnRegister(Register r)
    {
        var device = r.Camera - _info.FirstCamera.Value;
        var change = _liveness.Register(device, Now);
        if (change is not { } c)
        {
            r.ReplyTo.Answer(r.Ticket, OperationKind.Registration, OpStatus.Ok);
            return;
        }
        RegisterDurably(r, c);
    }

    /// <summary>The device counts as registered once its status change is durable. A method of its own so that only a
    /// registration that changes something makes the callback's closure (one capturing <paramref name="r"/> in
    /// <see cref="OnRegister"/> would be made on entry, for every refresh too).</summary>
    private void RegisterDurably(Register r, StatusChange c) =>
        PersistAsync(new DeviceStatusChanged([c]), _ =>
        {
            r.ReplyTo.Answer(r.Ticket, OperationKind.Registration, OpStatus.Ok);
            PassUp(c);
        });

    /// <summary>A camera's status change is in the journal: its catalog change goes up to the city (in the next report,
    /// or at once if none is in flight).</summary>
    private void PassUp(in StatusChange change)
    {
        _toCity.Change(change);
        _toCity.Report(CurrentRollUp, Self);
        MaybeSnapshot();
    }

    private void OnAlarm(AlarmToPlatform a)
    {
        var point = Sender;
        switch (_dedup.Arrive(a.Point, a.PointSeq, out var storedId))
        {
            case AlarmArrival.Stored:
                // The point re-sent it (its ack was lost), or the camera did (its answer was lost or late).
                point.Tell(new AlarmStored(a.PointSeq, storedId));
                AnswerCopy(a, storedId);
                return;
            case AlarmArrival.BeingStored:
                return; // answered when it is stored
        }
        var raised = new AlarmRaised(++_nextAlarmId, a.Camera, a.Point, a.Type, Now, a.PointSeq);
        PersistAsync(raised, e =>
        {
            ApplyRaised(e);
            if (!Timers.IsTimerActive(ClearanceTimer)) ClearDueAlarms();
            var stored = Stopwatch.GetTimestamp();
            point.Tell(new AlarmStored(a.PointSeq, e.AlarmId));
            _toCity.Alarm(new PendingAlarm(e.AlarmId, e.Camera, e.Type, e.At, a.Ticket, a.ReplyTo, a.PointAcked, stored));
            ReportToCity();
            MaybeSnapshot();
        });
    }

    /// <summary>
    /// The camera of a stored alarm asks again: it is answered the way the first copy would have been — when the city
    /// records the alarm if that is still to come (through the copy's reply path), at once if the city has it, and by
    /// reporting it to the city again if this platform restarted since and lost that report.
    /// </summary>
    private void AnswerCopy(AlarmToPlatform a, long alarmId)
    {
        if (a.ReplyTo.IsNobody()) return;
        if (alarmId == 0)
        {
            // Stored too long ago to be remembered here: stored is all that can be said (no id to give).
            a.ReplyTo.Answer(a.Ticket, OperationKind.Alarm, OpStatus.Ok);
            return;
        }
        // Still to be recorded by the city: the answer then goes to the copy's reply path (the first's may be gone with a node).
        if (_toCity.Readdress(alarmId, a.Ticket, a.ReplyTo)) return;
        if (_dedup.IsRecordedAbove(alarmId))
        {
            a.ReplyTo.Answer(a.Ticket, OperationKind.Alarm, OpStatus.Ok, reference: alarmId);
            return;
        }
        _toCity.Alarm(new PendingAlarm(alarmId, a.Camera, a.Type, Now, a.Ticket, a.ReplyTo, a.PointAcked, Stopwatch.GetTimestamp()));
        ReportToCity();
    }

    /// <summary>Sends the next report to the city if none is in flight (see <see cref="CityUplink"/>): the alarms and
    /// catalog changes waiting, or with <paramref name="rollUpAlone"/> the roll-up alone if it changed.</summary>
    private void ReportToCity(bool rollUpAlone = false) => _toCity.Report(CurrentRollUp, Self, rollUpAlone);

    /// <summary>Answers the city's question from the alarm record: a given alarm is active or not (cleared, or never
    /// raised here); without an id, the alarms active at the camera's service point.</summary>
    private void OnAlarmQuery(QueryAlarm q)
    {
        if (q.AlarmId == 0)
        {
            var active = _alarms.AtPoint(q.Point - _info.FirstPoint.Value);
            q.ReplyTo.Answer(q.Ticket, OperationKind.AlarmQuery, OpStatus.Ok, reference: active);
            return;
        }
        if (_alarms.IsActive(q.AlarmId)) q.ReplyTo.Answer(q.Ticket, OperationKind.AlarmQuery, OpStatus.Ok, reference: 1);
        else q.ReplyTo.Answer(q.Ticket, OperationKind.AlarmQuery, OpStatus.Rejected, reason: "alarm_not_active");
    }

    private void OnReportAck(PlatformReportAck ack)
    {
        if (_toCity.Acknowledge(ack.Seq) is not { } recorded) return; // a duplicate ack of a resent report
        foreach (var p in recorded)
        {
            _dedup.RecordedAbove(p.AlarmId);
            if (p.ReplyTo.IsNobody()) continue;
            p.ReplyTo.Answer(p.Ticket, OperationKind.Alarm, OpStatus.Ok,
                new AlarmHops(p.PointAcked, p.PlatformAcked, ack.CityAcked), reference: p.AlarmId);
        }
        ReportToCity();
    }

    private void OnTick(Tick t)
    {
        switch (t.Kind)
        {
            case TickKind.Sweep: Sweep(); break;
            case TickKind.Clearance: ClearDueAlarms(); break;
            case TickKind.CityKeepalive:
                if (_toCity.IsOpen) _toCity.City.Tell(new PlatformKeepalive(_info.Id.Value), Self);
                else RegisterWithCity();
                break;
        }
    }

    private void Sweep()
    {
        var now = Now;
        _sweepBuffer.Clear();
        _liveness.Sweep(now, _sweepBuffer);
        if (_sweepBuffer.Count > 0)
        {
            var changes = _sweepBuffer.ToArray();
            PersistAsync(new DeviceStatusChanged(changes), _ =>
            {
                foreach (var c in changes) _toCity.Change(c);
                ReportToCity();
                MaybeSnapshot();
            });
        }
        // The clearance timer clears alarms when they fall due; the sweep also clears any a jump of the sim clock made due before it.
        ClearDueAlarms();

        // The city did not answer (down, or the message was lost): the same report goes again; the city de-duplicates.
        _toCity.ResendIfOverdue(CurrentRollUp, Self);
        ReportToCity(rollUpAlone: true);
    }

    /// <summary>Clears (and journals the clearances of) the alarms due now, then sets the clearance timer for the oldest still
    /// active: each clearance follows its raise by the clear time, as the sweep's 5-s batches (a burst of writes on top of
    /// the load) did not. The timer fires no sooner than 10 ms apart (<see cref="TreeContext.Wall"/>).</summary>
    private void ClearDueAlarms()
    {
        var now = Now;
        var cleared = _alarms.ClearDue(now, _ctx.Rules.AlarmClearAfter);
        if (cleared.Count > 0) PersistAllAsync(cleared, _ => MaybeSnapshot());
        if (_alarms.NextDueAt(_ctx.Rules.AlarmClearAfter) is { } due)
            Timers.StartSingleTimer(ClearanceTimer, Tick.Clearance, _ctx.Wall(due > now ? due - now : TimeSpan.Zero));
        else Timers.Cancel(ClearanceTimer);
    }

    /// <summary>The city answers with a catalog query; the session counts as open from then on.</summary>
    private void RegisterWithCity() => _toCity.Register(_info.CameraCount, CurrentRollUp, Self);

    private void SendCatalog(CatalogQuery q, IActorRef city)
    {
        var size = _ctx.CatalogPageSize;
        var total = _info.CameraCount;
        var pages = Math.Max(1, (total + size - 1) / size);
        for (var page = 0; page < pages; page++)
        {
            var n = Math.Min(size, total - page * size);
            var items = new CatalogItem[n];
            for (var i = 0; i < n; i++)
            {
                var device = page * size + i;
                var camera = new CameraId(_info.FirstCamera.Value + device);
                items[i] = new CatalogItem(camera.Value, _ctx.Topology.PathOf(camera), _liveness.IsOnline(device));
            }
            city.Tell(new CatalogPage(_info.Id.Value, q.SyncId, page, pages, total, items), Self);
        }
        _toCity.CatalogSent(CurrentRollUp, Self);
    }

    private PlatformStatus Status()
    {
        var points = new RollUp[_info.PointCount];
        for (var p = 0; p < points.Length; p++)
        {
            var cameras = _ctx.Topology.Points[_info.FirstPoint.Value + p].CameraCount;
            points[p] = new RollUp(_liveness.OnlineAt(p), cameras - _liveness.OnlineAt(p), _alarms.AtPoint(p));
        }
        return new PlatformStatus(_info.Id.Value, CurrentRollUp, points, _alarms.Raised, _incarnation, _toCity.IsOpen, _historyUntil,
            _dedup.Copies, _toCity.ChangesAcknowledged, _toCity.ChangesWaiting);
    }
}
