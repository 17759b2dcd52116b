using System.Diagnostics;
using Akka.Actor;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Cascade;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// The city platform's end of the cascade hop to the province (plain state inside <see cref="CityActor"/>): registers,
/// keeps alive, and passes every alarm the city recorded and every change of its catalog up, in order, in acknowledged,
/// sequence-numbered reports carrying the city's roll-up (<see cref="ReliableUplink{TItem,TSummary}"/>, the same hop as
/// platform → city); it answers the province's pull of the city's catalog page by page. When the province
/// says it has no session (it restarted, or heard nothing too long) the city registers again, and the unacknowledged
/// report goes again once the session is open. Hop latency is measured here: from the city recording an alarm to the
/// province's acknowledgment arriving back, in wall time on this one clock; the samples go to the node's
/// <see cref="ProvinceHopLog"/>, which outlives a restart of the city platform.
/// </summary>
public sealed class ProvinceLink
{
    /// <summary>How long a report waits for the province's acknowledgment before it goes again (as platform → city).</summary>
    public static readonly TimeSpan ReportAckTimeout = TimeSpan.FromSeconds(2);

    private const int MaxItemsPerReport = 256;
    // The latest hop latencies, enough for a p99 that moves with the load; older ones drop off.
    private const int LatencyWindow = 10_000;

    private readonly string _city;
    private readonly int _cameras;
    private readonly ActorSelection _province;
    private readonly ReliableUplink<ToProvince, RollUp> _uplink = new(MaxItemsPerReport, ReportAckTimeout, RollUp.Zero);
    private readonly Queue<double> _hopMs = new();
    // Every hop, for the run's report: the node's, so that it survives this city platform's restart.
    private readonly ProvinceHopLog _hops;
    // Alarms waiting for or in flight to the province. A platform reports the alarms it holds for the province again
    // whenever the city re-syncs, so one alarm can reach the link more than once before the province has it: it goes
    // up (and its hop is measured) once.
    private readonly HashSet<(int Platform, long AlarmId)> _pending = [];
    private long _cutUntil;
    private long _forwarded;
    private long _acknowledged;
    private (long Forwarded, long Acknowledged, long PagesSent) _catalog;
    private int _registrations;
    // The registration awaiting the province's answer, if one is: the keepalives and reports of the old session that the
    // province refuses meanwhile must not start another.
    private AwaitedRegistration _registration = new(ReportAckTimeout);

    public ProvinceLink(string city, int cameras, ActorSelection province, ProvinceHopLog hops)
    {
        _city = city;
        _cameras = cameras;
        _province = province;
        _hops = hops;
        hops.CityStarted();
    }

    /// <summary>Whether the link is cut (a fault): nothing goes out, whatever comes in is dropped.</summary>
    public bool IsCut => _cutUntil != 0 && Stopwatch.GetTimestamp() < _cutUntil;

    /// <summary>Fault injection: the link drops everything both ways for <paramref name="downFor"/>. What the city records
    /// meanwhile waits in order; after the cut the session goes on, or — if the province dropped it for silence — the
    /// city registers again when the province says so, and re-syncs.</summary>
    public void Cut(TimeSpan downFor) => _cutUntil = Stopwatch.GetTimestamp() + (long)(downFor.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Registers with the province (at start, and whenever it says it has no session).</summary>
    public void Register(IActorRef self)
    {
        if (IsCut || _registration.IsPending) return;
        _registration.Sent(Stopwatch.GetTimestamp());
        _uplink.Close();
        _registrations++;
        _province.Tell(new CityRegister(_city, _cameras), self);
    }

    /// <summary>The session is open: the report in flight goes again at once, the roll-up is owed.</summary>
    public void Opened(IActorRef self, RollUp rollUp)
    {
        if (IsCut) return;
        _registration.Answered();
        _uplink.OweSummary();
        if (_uplink.Open(Stopwatch.GetTimestamp(), rollUp) is { } again) Send(again, self);
        else Flush(self, rollUp, summaryAlone: true);
    }

    /// <summary>Alarms the city has just recorded (each once) and the changes of its catalog (each a change of an item):
    /// they go up in order.</summary>
    public void Forward(int platform, IReadOnlyList<AlarmNotice> alarms, IReadOnlyList<CatalogChange> changes, IActorRef self, RollUp rollUp)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var c in changes) _uplink.Enqueue(new ToProvince(null, c, 0));
        _catalog.Forwarded += changes.Count;
        foreach (var a in alarms)
        {
            if (!_pending.Add((platform, a.AlarmId))) continue;
            // An alarm passed up before this city platform restarted keeps the time it was first recorded.
            _uplink.Enqueue(new ToProvince(new CityAlarm(platform, a.AlarmId, a.Camera, a.Type, a.At), default, _hops.PassedUp((platform, a.AlarmId), now)));
            _forwarded++;
        }
        Flush(self, rollUp, summaryAlone: false);
    }

    /// <summary>The province pulls the city's catalog (it has just registered the city): every item, page by page, as the
    /// city's platforms answer the city. Pages of <paramref name="pageSize"/> items, in camera order; nothing goes while the
    /// link is cut (the province asks again if its pull stalls).</summary>
    public void SendCatalog(CityCatalogQuery query, CatalogTable catalog, Domain.Topology.CityTopology topology, int pageSize, IActorRef self)
    {
        if (IsCut) return;
        var total = catalog.Count;
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        for (var page = 0; page < pages; page++)
        {
            var items = new CatalogItem[Math.Min(pageSize, total - page * pageSize)];
            for (var i = 0; i < items.Length; i++)
            {
                var camera = page * pageSize + i;
                items[i] = new CatalogItem(camera, topology.PathOf(new Domain.Topology.CameraId(camera)), catalog.IsOnline(camera));
            }
            // The way the reports go, so that a report sent after the pages never overtakes them.
            _province.Tell(new CityCatalogPage(_city, query.SyncId, page, pages, total, items), self);
        }
        _catalog.PagesSent += pages;
    }

    /// <summary>The province acknowledged a report: returns the alarms it now holds (empty for a duplicate ack, or one
    /// that arrived through a cut), so that the city can tell their platforms to stop holding them.</summary>
    public IReadOnlyList<CityAlarm> Acknowledged(CityReportAck ack, IActorRef self, RollUp rollUp)
    {
        if (IsCut) return [];
        var alarms = Array.Empty<CityAlarm>();
        if (_uplink.Acknowledge(ack.Seq) is { } delivered)
        {
            var now = Stopwatch.GetTimestamp();
            var acknowledged = new List<CityAlarm>(delivered.Count);
            foreach (var (item, _, recordedAt) in delivered)
            {
                if (item is not { } alarm)
                {
                    _catalog.Acknowledged++;
                    continue;
                }
                acknowledged.Add(alarm);
                _pending.Remove((alarm.Platform, alarm.AlarmId));
                _hopMs.Enqueue(Stopwatch.GetElapsedTime(recordedAt, now).TotalMilliseconds);
                if (_hopMs.Count > LatencyWindow) _hopMs.Dequeue();
                _hops.Acknowledged((alarm.Platform, alarm.AlarmId), now);
            }
            _acknowledged += acknowledged.Count;
            alarms = [.. acknowledged];
        }
        Flush(self, rollUp, summaryAlone: false);
        return alarms;
    }

    /// <summary>Every hop measured so far on this node (this city platform's and its earlier incarnations'), for the run's
    /// report, with what was not kept (<see cref="ProvinceHopLog"/>).</summary>
    public ProvinceHops Hops() => _hops.Hops();

    /// <summary>On the city's keepalive tick: keepalive (or the registration again, if its answer is overdue), then
    /// what <see cref="Resend"/> does.</summary>
    public void Tick(IActorRef self, RollUp rollUp)
    {
        if (IsCut) return;
        if (_registration.IsAwaited)
        {
            Register(self); // again if its answer is overdue (lost with a cut, or the province was down)
            return;
        }
        _province.Tell(new CityKeepalive(_city), self);
        Resend(self, rollUp);
    }

    /// <summary>Every ack timeout, and on each keepalive tick: a report overdue for its ack goes again, else a changed
    /// roll-up (a catalog change) alone. Checked this often, not only on the keepalive period (60 s at real time), so a
    /// report lost on the wire goes again within seconds, as between platform and city.</summary>
    public void Resend(IActorRef self, RollUp rollUp)
    {
        if (IsCut) return;
        if (_registration.IsAwaited)
        {
            Register(self); // again if its answer is overdue
            return;
        }
        if (_uplink.ResendIfOverdue(Stopwatch.GetTimestamp(), rollUp) is { } again) Send(again, self);
        else Flush(self, rollUp, summaryAlone: true);
    }

    public ProvinceLinkStatus Status()
    {
        var sorted = _hopMs.Order().ToArray();
        double? At(double q) => sorted.Length == 0 ? null : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new ProvinceLinkStatus(_uplink.IsOpen, _forwarded, _acknowledged, _uplink.Waiting, _uplink.InFlight, _registrations, At(0.5), At(0.99),
            _catalog.Forwarded, _catalog.Acknowledged, _catalog.PagesSent);
    }

    private void Flush(IActorRef self, RollUp rollUp, bool summaryAlone)
    {
        if (_uplink.Flush(Stopwatch.GetTimestamp(), rollUp, summaryAlone) is { } batch) Send(batch, self);
    }

    // A batch flushed during a cut is lost on the wire: it stays in flight and goes again when overdue.
    private void Send(UplinkBatch<ToProvince, RollUp> batch, IActorRef self)
    {
        if (IsCut) return;
        var alarms = batch.Items.Where(i => i.Alarm is not null).Select(i => i.Alarm!).ToArray();
        var changes = alarms.Length == batch.Items.Count ? null : batch.Items.Where(i => i.Alarm is null).Select(i => i.Change).ToArray();
        _province.Tell(new CityReport(_city, batch.Seq, alarms, batch.Summary, changes), self);
    }
}

/// <summary>One item the city passes up to the province: an alarm, with when the city first recorded it (Stopwatch
/// timestamp, for its hop), or — with no alarm — a change of the city's catalog.</summary>
internal readonly record struct ToProvince(CityAlarm? Alarm, CatalogChange Change, long RecordedAt);
