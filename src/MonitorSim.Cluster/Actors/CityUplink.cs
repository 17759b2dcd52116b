using System.Diagnostics;
using Akka.Actor;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Cascade;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Cluster.Actors;

/// <summary>One item a platform passes up to its city: an alarm awaiting the city's acknowledgment, or a catalog change
/// of one of its cameras. A struct in the uplink's list (no object per item).</summary>
internal readonly record struct ToCity(PendingAlarm Alarm, CatalogChange Change, bool IsChange)
{
    public static ToCity Of(PendingAlarm alarm) => new(alarm, default, false);

    public static ToCity Of(CatalogChange change) => new(default, change, true);
}

/// <summary>
/// A platform's end of the cascade hop to its city (plain state inside <see cref="PlatformActor"/>): registration, and the
/// acknowledged, sequence-numbered <see cref="PlatformReport"/>s that carry its alarms and its cameras' catalog changes in
/// the order they happened, with its roll-up (<see cref="ReliableUplink{TItem,TSummary}"/>: one report in flight, sent
/// again after 2 s without <see cref="PlatformReportAck"/>, recorded once by the city). When the city cascades to a
/// province, the alarms the city acknowledged are held (<see cref="ProvinceHold"/>) until the city says the province has
/// them, and go up again when the city pulls this platform's catalog after registering it anew.
/// </summary>
/// <param name="platform">The platform's index in the city.</param>
/// <param name="firstCamera">The city index of the platform's first camera.</param>
/// <param name="cityCascades">Whether the city cascades to a province (the alarms it acknowledged are then held).</param>
/// <param name="registrationAnswerTimeout">How long a registration waits for the city's catalog query before a refusal
/// may start another (default: the report ack timeout, 2 s).</param>
internal sealed class CityUplink(int platform, int firstCamera, bool cityCascades, TimeSpan? registrationAnswerTimeout = null)
{
    private const int MaxItemsPerReport = 500;
    private static readonly TimeSpan ReportAckTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The registration awaiting the city's catalog query, if one is.</summary>
    private AwaitedRegistration _registration = new(registrationAnswerTimeout ?? ReportAckTimeout);

    private readonly ReliableUplink<ToCity, RollUp> _uplink = new(MaxItemsPerReport, ReportAckTimeout, RollUp.Zero);
    private readonly ProvinceHold _aboveCity = new();
    private int _changesQueued;

    /// <summary>The city platform (its singleton's proxy), set once the actor starts.</summary>
    public IActorRef City { get; set; } = ActorRefs.Nobody;

    /// <summary>Whether the session with the city is open.</summary>
    public bool IsOpen => _uplink.IsOpen;

    /// <summary>Catalog changes the city acknowledged since the platform started.</summary>
    public long ChangesAcknowledged { get; private set; }

    /// <summary>Catalog changes waiting for, or in flight to, the city.</summary>
    public int ChangesWaiting => _changesQueued;

    /// <summary>An alarm just stored: it goes up in order.</summary>
    public void Alarm(PendingAlarm alarm) => _uplink.Enqueue(ToCity.Of(alarm));

    /// <summary>A camera's status change, once it is in the journal: it goes up in order (the camera by its city index).</summary>
    public void Change(in StatusChange change)
    {
        _uplink.Enqueue(ToCity.Of(new CatalogChange(firstCamera + change.Device, change.Online)));
        _changesQueued++;
    }

    /// <summary>A copy of an alarm still to be acknowledged by the city: its answer goes to the copy's reply path. False
    /// if the alarm is not waiting or in flight.</summary>
    public bool Readdress(long alarmId, OpTicket ticket, IActorRef replyTo) =>
        _uplink.Update(i => !i.IsChange && i.Alarm.AlarmId == alarmId, i => ToCity.Of(i.Alarm with { Ticket = ticket, ReplyTo = replyTo }));

    /// <summary>Sends the next report if none is in flight: the items waiting, or with <paramref name="rollUpAlone"/> the
    /// roll-up alone if it changed.</summary>
    public void Report(RollUp rollUp, IActorRef self, bool rollUpAlone = false)
    {
        if (_uplink.Flush(Stopwatch.GetTimestamp(), rollUp, rollUpAlone) is { } report) Send(report, self);
    }

    /// <summary>The city did not answer (down, or the message was lost): the same report goes again.</summary>
    public void ResendIfOverdue(RollUp rollUp, IActorRef self)
    {
        if (_uplink.ResendIfOverdue(Stopwatch.GetTimestamp(), rollUp) is { } again) Send(again, self);
    }

    /// <summary>The city acknowledged report <paramref name="seq"/>: returns the alarms it recorded (null for the ack of a
    /// report already acknowledged). With a province above the city, they are held until it has them.</summary>
    public List<PendingAlarm>? Acknowledge(long seq)
    {
        if (_uplink.Acknowledge(seq) is not { } recorded) return null;
        var alarms = new List<PendingAlarm>(recorded.Count);
        foreach (var item in recorded)
        {
            if (item.IsChange)
            {
                ChangesAcknowledged++;
                _changesQueued--;
                continue;
            }
            alarms.Add(item.Alarm);
            if (cityCascades) _aboveCity.Hold(new AlarmNotice(item.Alarm.AlarmId, item.Alarm.Camera, item.Alarm.Type, item.Alarm.At));
        }
        return alarms;
    }

    /// <summary>The province has these alarms (the city says so): stop holding them.</summary>
    public void Release(IEnumerable<long> alarmIds) => _aboveCity.Release(alarmIds);

    /// <summary>Registers with the city (at start, and when it says it has no session); the session counts as open from
    /// then on, and the report it may have lost goes again.</summary>
    public void Register(int cameras, RollUp rollUp, IActorRef self)
    {
        var now = Stopwatch.GetTimestamp();
        _registration.Sent(now);
        City.Tell(new PlatformRegister(platform, cameras), self);
        if (_uplink.Open(now, rollUp) is { } again) Send(again, self);
    }

    /// <summary>
    /// The city says it has no session for this platform: register again — unless a registration sent less than the
    /// answer timeout ago still awaits the city's catalog query. The city answers in the order it is told, so such a
    /// refusal answers a message sent before that registration (after a city restart, one per keepalive or report that
    /// was in flight); registering again for each would start a catalog sync for each, and the pages of a sync the city
    /// counted before the next registration superseded it would be counted again. A registration lost on the way (the
    /// city down again) is not waited for past the timeout: the next refusal — the keepalive tick sends one at the
    /// latest — registers again.
    /// </summary>
    public void Refused(int cameras, RollUp rollUp, IActorRef self)
    {
        if (_registration.IsPending) return;
        _uplink.Close();
        Register(cameras, rollUp, self);
    }

    /// <summary>The city has just pulled the whole catalog: a report follows with the roll-up (the city's view of alarms
    /// comes from reports), and the alarms held for the province go again — a city that registers this platform anew may
    /// have restarted and lost what it had not yet passed up.</summary>
    public void CatalogSent(RollUp rollUp, IActorRef self)
    {
        _registration.Answered();
        _uplink.OweSummary();
        foreach (var a in _aboveCity.All)
            _uplink.Enqueue(ToCity.Of(new PendingAlarm(a.AlarmId, a.Camera, a.Type, a.At, default, ActorRefs.Nobody, 0, Stopwatch.GetTimestamp())));
        if (_aboveCity.Count > 0) Report(rollUp, self);
    }

    private void Send(UplinkBatch<ToCity, RollUp> report, IActorRef self)
    {
        var changes = 0;
        foreach (var item in report.Items) if (item.IsChange) changes++;
        var notices = new AlarmNotice[report.Items.Count - changes];
        var catalog = changes == 0 ? null : new CatalogChange[changes];
        int a = 0, c = 0;
        foreach (var item in report.Items)
        {
            if (item.IsChange) catalog![c++] = item.Change;
            else notices[a++] = new AlarmNotice(item.Alarm.AlarmId, item.Alarm.Camera, item.Alarm.Type, item.Alarm.At);
        }
        City.Tell(new PlatformReport(platform, report.Seq, notices, report.Summary, catalog), self);
    }
}
