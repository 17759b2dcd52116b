using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Cascade;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Supervision;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// The city monitoring platform (cluster singleton): the upper end of the cascade. Second-level platforms register with
/// it; on every (re)connect it pulls their device catalog page by page; it records their reports — alarms, and the
/// catalog changes of their cameras — and keeps the city's catalog item by item (<see cref="CatalogTable"/>: a camera of
/// a platform it cannot see counts as offline) and the city-wide roll-up. Every change of its catalog, whether a report
/// or a catalog page brought it, goes up to the province when there is one. Its state is soft: after a restart the
/// platforms re-register and the catalog re-syncs, exactly the recovery path of a real cascade, and the durable record
/// of every alarm is in the platforms' journals.
/// </summary>
public sealed class CityActor : ReceiveActor, IWithTimers
{
    private readonly TreeContext _ctx;
    private readonly PlatformSession?[] _sessions;
    private readonly CatalogTable _catalog;
    private long _syncIds;
    private long _alarmsReceived;
    private long _catalogItems;
    private long _detectionsFiled;
    // The detections already passed on today: the clue would refuse a repeat anyway, this spares it the message.
    private readonly HashSet<string> _filedToday = [];
    private DateTime _filedDay;
    private IActorRef? _clues;
    private readonly ProvinceLink? _province;

    public CityActor(TreeContext ctx)
    {
        _ctx = ctx;
        _sessions = new PlatformSession?[ctx.Topology.Platforms.Count];
        _catalog = new CatalogTable(ctx.Topology.CameraCount);
        Receive<PlatformRegister>(OnRegister);
        Receive<PlatformKeepalive>(OnKeepalive);
        Receive<CatalogPage>(OnCatalogPage);
        Receive<PlatformReport>(OnReport);
        Receive<GetCityStatus>(_ => Sender.Tell(Status()));
        Receive<GetCityCatalog>(_ => Sender.Tell(new CatalogView(_catalog.Count, _catalog.OnlineCount, _catalog.Export())));
        Receive<QueryAlarm>(OnQueryAlarm);
        Receive<Tick>(OnTick);
        if (ctx.Province is { } uplink)
        {
            _province = new ProvinceLink(uplink.City, ctx.Topology.CameraCount, Context.ActorSelection(uplink.ProvincePath),
                ctx.ProvinceHops ?? new ProvinceHopLog());
            Receive<CityRegistered>(_ => _province.Opened(Self, CityRollUp()));
            Receive<CityNotRegistered>(_ => _province.Register(Self));
            Receive<CityReportAck>(a => ReleaseAtPlatforms(_province.Acknowledged(a, Self, CityRollUp())));
            Receive<GetProvinceLinkStatus>(_ => Sender.Tell(_province.Status()));
            Receive<GetProvinceHops>(_ => Sender.Tell(_province.Hops()));
            Receive<CutProvinceLink>(c => _province.Cut(c.DownFor));
            Receive<CityCatalogQuery>(q => _province.SendCatalog(q, _catalog, ctx.Topology, ctx.CatalogPageSize, Self));
        }
        Receive<CrashCity>(c =>
        {
            Timers.CancelAll();
            Timers.StartSingleTimer("reboot", Tick.Reboot, c.DownFor);
            Become(Down);
        });
    }

    /// <summary>Crashed: answers nothing, then fails so that its supervisor restarts it with empty state.</summary>
    private void Down()
    {
        Receive<Tick>(t => t.Kind == TickKind.Reboot, _ => throw new SimulatedCrashException("city"));
        ReceiveAny(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TreeContext ctx) => Akka.Actor.Props.Create(() => new CityActor(ctx));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("sweep", Tick.Sweep, _ctx.Wall(_ctx.Rules.KeepaliveInterval));
        if (_province is null) return;
        _province.Register(Self);
        Timers.StartPeriodicTimer("province-resend", Tick.Retry, ProvinceLink.ReportAckTimeout);
    }

    private void OnRegister(PlatformRegister r)
    {
        var syncId = ++_syncIds;
        _sessions[r.Platform] = new PlatformSession(Sender, r.Cameras, syncId, Stopwatch.GetTimestamp());
        Sender.Tell(new CatalogQuery(r.Platform, syncId));
    }

    private void OnKeepalive(PlatformKeepalive k)
    {
        var s = _sessions[k.Platform];
        if (s is null) { Sender.Tell(new PlatformNotRegistered(k.Platform)); return; }
        s.LastHeard = Stopwatch.GetTimestamp();
    }

    private void OnCatalogPage(CatalogPage page)
    {
        var s = _sessions[page.Platform];
        if (s is null || s.SyncId != page.SyncId) return; // a page of a superseded sync
        _catalogItems += page.Items.Count;
        s.PagesReceived++;
        List<CatalogChange>? changed = null;
        foreach (var item in page.Items)
        {
            if (item.Online) s.CatalogOnline++;
            Apply(new CatalogChange(item.Camera, item.Online), ref changed);
        }
        // What the page changed in the city's catalog (a platform's restart, a change whose report the city lost with its
        // own restart) goes up like a change reported.
        if (changed is not null) _province?.Forward(page.Platform, [], changed, Self, CityRollUp());
        if (s.PagesReceived < page.Pages) return;
        s.Synced = true;
        s.RollUp = s.RollUp with { Online = s.CatalogOnline, Offline = s.Cameras - s.CatalogOnline };
    }

    private void OnReport(PlatformReport report)
    {
        var s = _sessions[report.Platform];
        if (s is null) { Sender.Tell(new PlatformNotRegistered(report.Platform)); return; }
        s.LastHeard = Stopwatch.GetTimestamp();
        if (s.Reports.Record(report.Seq))
        {
            _alarmsReceived += report.Alarms.Count;
            s.RollUp = report.RollUp;
            if (_ctx.Rules.DetectionsFileClues) FileDetections(report.Alarms);
            List<CatalogChange>? changed = null;
            if (report.Changes is { } changes)
                foreach (var c in changes) Apply(c, ref changed);
            _province?.Forward(report.Platform, report.Alarms, changed ?? [], Self, CityRollUp());
        }
        Sender.Tell(new PlatformReportAck(report.Seq, Stopwatch.GetTimestamp()));
    }

    /// <summary>Inaction the tree detected becomes a clue (see <see cref="DetectionClues"/>). Told, not asked: the alarm path
    /// does not wait on the workflow's journal, and a clue already filed under the id refuses the repeat, so a detection
    /// passed on twice is filed once.</summary>
    private void FileDetections(IReadOnlyList<AlarmNotice> alarms)
    {
        foreach (var a in alarms)
        {
            if (!DetectionClues.IsInaction(a.Type)) continue;
            var point = _ctx.Topology.PointOf(new CameraId(a.Camera)).Value;
            var id = DetectionClues.IdOf(_ctx.JournalKey, point, a.Type, a.At);
            if (a.At.Date != _filedDay) { _filedDay = a.At.Date; _filedToday.Clear(); }
            if (!_filedToday.Add(id)) continue;
            _detectionsFiled++;
            _clues ??= ActorRegistry.For(Context.System).Get<ClueRegionKey>();
            _clues.Tell(new ClueCommandEnvelope(id, DetectionClues.Receipt(id, point, a.At)), ActorRefs.Nobody);
        }
    }

    /// <summary>The city keeps no alarm records of its own (they are in the platforms' journals): it passes the question
    /// to the platform over the cascade, or answers at once that it cannot reach it.</summary>
    private void OnQueryAlarm(QueryAlarm q)
    {
        if (_sessions[q.Platform] is { } s)
            s.Platform.Tell(new AlarmStatusQuery(q));
        else
            q.ReplyTo.Answer(q.Ticket, OperationKind.AlarmQuery, OpStatus.Failed, reason: "platform_not_connected");
    }

    /// <summary>The province holds these alarms now: their platforms may stop holding them (<see cref="ProvinceHold"/>).
    /// A platform not connected at this moment keeps them and reports them again at its next sync; the province records
    /// each once.</summary>
    private void ReleaseAtPlatforms(IReadOnlyList<CityAlarm> atProvince)
    {
        foreach (var group in atProvince.GroupBy(a => a.Platform))
            _sessions[group.Key]?.Platform.Tell(new AlarmsForwarded(group.Key, group.Select(a => a.AlarmId).ToArray()), Self);
    }

    private void OnTick(Tick t)
    {
        if (t.Kind == TickKind.Retry) _province?.Resend(Self, CityRollUp());
        if (t.Kind != TickKind.Sweep) return;
        // The city keeps alive with the province on the same period its platforms keep alive with it.
        _province?.Tick(Self, CityRollUp());
        // A platform silent for more than the offline rule's window is disconnected; its cameras count as offline here.
        var silentLimit = _ctx.Wall(_ctx.Rules.OfflineAfter);
        for (var p = 0; p < _sessions.Length; p++)
            if (_sessions[p] is { } s && Stopwatch.GetElapsedTime(s.LastHeard) > silentLimit) Disconnected(p);
    }

    /// <summary>A platform the city no longer hears from: its session ends and its cameras go offline in the city's
    /// catalog (and so at the province) until it registers again and its catalog is pulled.</summary>
    private void Disconnected(int platform)
    {
        _sessions[platform] = null;
        var info = _ctx.Topology.Platforms[platform];
        List<CatalogChange>? changed = null;
        for (var c = 0; c < info.CameraCount; c++) Apply(new CatalogChange(info.FirstCamera.Value + c, false), ref changed);
        if (changed is not null) _province?.Forward(platform, [], changed, Self, CityRollUp());
    }

    /// <summary>Applies a change to the city's catalog; if it changed an item, adds it to <paramref name="changed"/> (what
    /// goes up to the province). A camera outside the city's topology (a platform of another build) is ignored.</summary>
    private void Apply(CatalogChange change, ref List<CatalogChange>? changed)
    {
        if ((uint)change.Camera >= (uint)_catalog.Count || !_catalog.Set(change.Camera, change.Online)) return;
        if (_province is not null) (changed ??= []).Add(change);
    }

    /// <summary>What the city tells the province of itself: its catalog's summary (cameras online, offline, alarms active).</summary>
    private RollUp CityRollUp()
    {
        var s = Status();
        return new RollUp(s.CamerasOnline, s.CamerasOffline, s.ActiveAlarms);
    }

    private CityStatus Status()
    {
        int connected = 0, online = 0, alarms = 0;
        foreach (var s in _sessions)
        {
            if (s is not { Synced: true }) continue;
            connected++;
            online += s.RollUp.Online;
            alarms += s.RollUp.ActiveAlarms;
        }
        return new CityStatus(connected, online, _ctx.Topology.CameraCount - online, alarms, _alarmsReceived, _catalogItems, _detectionsFiled);
    }

    /// <summary>What the city knows of one connected platform.</summary>
    private sealed class PlatformSession(IActorRef platform, int cameras, long syncId, long lastHeard)
    {
        public IActorRef Platform { get; } = platform;
        public int Cameras { get; } = cameras;
        public long SyncId { get; } = syncId;
        public long LastHeard { get; set; } = lastHeard;
        /// <summary>The reports recorded in this session (a report sent again is acknowledged, not recorded again).</summary>
        public UplinkInbox Reports { get; } = new();
        public int PagesReceived { get; set; }
        public int CatalogOnline { get; set; }
        public bool Synced { get; set; }
        public RollUp RollUp { get; set; } = RollUp.Zero;
    }
}
