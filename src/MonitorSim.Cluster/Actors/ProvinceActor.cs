using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Cascade;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// The province monitoring platform: the top of a GB/T 28181 cascade city → province. Each city platform registers,
/// keeps alive and forwards the alarms it recorded in sequence-numbered reports carrying its roll-up; the province
/// records a report once per session (<see cref="UplinkInbox"/>) and acknowledges every copy. Its sessions and the
/// cities' roll-ups are soft, as the city's are: after a restart it answers a city it has no session for with
/// <see cref="CityNotRegistered"/>, the city registers again, and its roll-up and unacknowledged reports follow (the
/// re-sync). The alarms it records are not soft: it acknowledges a report only once the new alarms in it are in its
/// journal (<see cref="ProvinceAlarmsRecorded"/>), so an acknowledged alarm survives the province's own crash — the
/// cities' platforms let go of an alarm once the province acknowledged it, and nothing below would send it again.
/// It keeps each city's catalog item by item (<see cref="CatalogMirror"/>, soft like the roll-ups): pulled page by page
/// each time the city registers (<see cref="CityCatalogQuery"/>, as the city pulls its platforms'), and changed by the
/// catalog changes the city's reports carry, each report once.
/// </summary>
/// <remarks>Every <c>snapshotEvery</c> events (10,000 by default) it saves a snapshot of every alarm it holds, so that a
/// restart late in a long run replays at most that many events after the latest snapshot rather than the whole run (at a
/// province's 139 alarms/s, one report an alarm when the load is light, an hour is ≈ 500,000 events).</remarks>
public sealed class ProvinceActor : ReceivePersistentActor, IWithTimers
{
    /// <summary>Events between two snapshots by default.</summary>
    public const int DefaultSnapshotEvery = 10_000;

    private readonly TimeSpan _silentLimit;
    private readonly int _snapshotEvery;
    private readonly Dictionary<string, CitySession> _sessions = [];
    // What the province recorded survives sessions (a city that restarts keeps its history here); its alarms also
    // survive a province restart (recovered from the journal), its counters and roll-ups do not.
    private readonly Dictionary<string, CityRecord> _records = [];

    /// <param name="silentLimit">A city silent this long loses its session (three missed keepalives).</param>
    /// <param name="journalKey">Tells this province's journal from another province's on the same store.</param>
    /// <param name="snapshotEvery">Events between two snapshots of the alarms held.</param>
    public ProvinceActor(TimeSpan silentLimit, string journalKey, int snapshotEvery = DefaultSnapshotEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshotEvery, 1);
        _silentLimit = silentLimit;
        _snapshotEvery = snapshotEvery;
        PersistenceId = PersistenceIdOf(journalKey);
        Recover<SnapshotOffer>(o => o.Snapshot is ProvinceSnapshot snapshot, o => Restore((ProvinceSnapshot)o.Snapshot));
        Recover<ProvinceAlarmsRecorded>(Apply);
        Command<CityRegister>(OnRegister);
        Command<CityKeepalive>(OnKeepalive);
        Command<CityReport>(OnReport);
        Command<CityCatalogPage>(OnCatalogPage);
        Command<GetProvinceCatalog>(q => Sender.Tell(_records.TryGetValue(q.City, out var r) && r.Catalog is { } c
            ? new CatalogView(c.Table.Count, c.Table.OnlineCount, c.Table.Export())
            : new CatalogView(0, 0, [])));
        Command<GetProvinceStatus>(_ => Sender.Tell(Status()));
        Command<Tick>(t => t.Kind == TickKind.Sweep, _ => Sweep());
        // A snapshot that could not be saved costs only recovery time: the events are all in the journal.
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(_ => { });
        Command<CrashProvince>(c =>
        {
            Timers.CancelAll();
            Timers.StartSingleTimer("reboot", Tick.Reboot, c.DownFor);
            Become(Down);
        });
    }

    public override string PersistenceId { get; }

    /// <summary>The province's journal stream on a store shared with its cities.</summary>
    public static string PersistenceIdOf(string journalKey) => $"province-{journalKey}";

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan silentLimit, string journalKey, int snapshotEvery = DefaultSnapshotEvery) =>
        Akka.Actor.Props.Create(() => new ProvinceActor(silentLimit, journalKey, snapshotEvery));

    protected override void PreStart()
    {
        base.PreStart();
        Timers.StartPeriodicTimer("sweep", Tick.Sweep, _silentLimit / 3);
    }

    /// <summary>Crashed: answers nothing, then fails so that its supervisor restarts it; it recovers its alarms from the
    /// journal, nothing else.</summary>
    private void Down()
    {
        Command<Tick>(t => t.Kind == TickKind.Reboot, _ => throw new SimulatedCrashException("province"));
        CommandAny(_ => { });
    }

    private void OnRegister(CityRegister r)
    {
        var now = Stopwatch.GetTimestamp();
        _sessions[r.City] = new CitySession(Sender, now);
        var record = Record(r.City);
        record.Registrations++;
        record.RegisteredFrom = Sender.Path.Address.ToString();
        Sender.Tell(new CityRegistered(r.City));
        // The catalog re-syncs at every registration (the city, or this province, may have restarted), page by page.
        if (record.Catalog is null || record.Catalog.Table.Count != r.Cameras) record.Catalog = new CatalogMirror(r.Cameras);
        Sender.Tell(new CityCatalogQuery(r.City, record.Catalog.StartPull(now)));
    }

    private void OnCatalogPage(CityCatalogPage page)
    {
        if (!_sessions.TryGetValue(page.City, out var s) || Record(page.City).Catalog is not { } catalog) return;
        s.LastHeard = Stopwatch.GetTimestamp();
        catalog.Page(page.SyncId, page.Pages, page.Items.Select(i => (i.Camera, i.Online)), s.LastHeard);
    }

    private void OnKeepalive(CityKeepalive k)
    {
        if (!_sessions.TryGetValue(k.City, out var s)) { Sender.Tell(new CityNotRegistered(k.City)); return; }
        s.LastHeard = Stopwatch.GetTimestamp();
    }

    private void OnReport(CityReport report)
    {
        if (!_sessions.TryGetValue(report.City, out var s)) { Sender.Tell(new CityNotRegistered(report.City)); return; }
        s.LastHeard = Stopwatch.GetTimestamp();
        var record = Record(report.City);
        var ack = new CityReportAck(report.City, report.Seq);
        if (!s.Reports.Record(report.Seq))
        {
            record.ReportsRepeated++;
            Sender.Tell(ack);
            return;
        }
        record.ReportsRecorded++;
        record.RollUp = report.RollUp;
        if (report.Changes is { } changes && record.Catalog is { } catalog)
            foreach (var c in changes) catalog.Change(c.Camera, c.Online);
        s.ResyncMs ??= Stopwatch.GetElapsedTime(s.RegisteredAt).TotalMilliseconds;
        record.ResyncMs = s.ResyncMs;
        // Alarms recorded before (a report again after a restart of either side) need no write.
        var fresh = report.Alarms.Where(a => !record.AlarmIds.Contains((a.Platform, a.AlarmId))).ToArray();
        if (fresh.Length == 0)
        {
            Sender.Tell(ack);
            return;
        }
        var sender = Sender;
        Persist(new ProvinceAlarmsRecorded(report.City, [.. fresh.Select(a => a.Platform)], [.. fresh.Select(a => a.AlarmId)]), e =>
        {
            Apply(e);
            sender.Tell(ack);
            if (LastSequenceNr % _snapshotEvery == 0) SaveSnapshot(Snapshot());
        });
    }

    private ProvinceSnapshot Snapshot()
    {
        var cities = _records.Keys.ToArray();
        return new ProvinceSnapshot(cities, [.. cities.Select(c => _records[c].AlarmIds.Select(a => a.Platform).ToArray())],
            [.. cities.Select(c => _records[c].AlarmIds.Select(a => a.AlarmId).ToArray())]);
    }

    private void Restore(ProvinceSnapshot snapshot)
    {
        for (var k = 0; k < snapshot.Cities.Length; k++)
            Apply(new ProvinceAlarmsRecorded(snapshot.Cities[k], snapshot.Platforms[k], snapshot.AlarmIds[k]));
    }

    private void Apply(ProvinceAlarmsRecorded e)
    {
        var alarms = Record(e.City).AlarmIds;
        for (var i = 0; i < e.AlarmIds.Length; i++) alarms.Add((e.Platforms[i], e.AlarmIds[i]));
    }

    private void Sweep()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var (city, s) in _sessions.ToArray())
        {
            if (Stopwatch.GetElapsedTime(s.LastHeard, now) > _silentLimit) _sessions.Remove(city);
            // A page lost on the way (a cut link) would leave the pull open for ever: pull again.
            else if (Record(city).Catalog is { } catalog && catalog.PullStalled(now, _silentLimit))
                s.City.Tell(new CityCatalogQuery(city, catalog.StartPull(now)));
        }
    }

    private CityRecord Record(string city) => _records.TryGetValue(city, out var r) ? r : _records[city] = new CityRecord();

    private ProvinceStatus Status() => new(_records.ToDictionary(r => r.Key, r => new CityAtProvince(_sessions.ContainsKey(r.Key),
        r.Value.Registrations, r.Value.AlarmIds.ToArray(), r.Value.ReportsRecorded, r.Value.ReportsRepeated, r.Value.RollUp, r.Value.ResyncMs,
        r.Value.RegisteredFrom, r.Value.Catalog is { } c
            ? new CatalogAtProvince(c.Table.Count, c.Table.OnlineCount, c.Synced, c.Pulls, c.ChangesApplied, c.ChangesReceived, c.PullMs)
            : null)));

    /// <summary>One open session with a city: a new inbox each time it registers (it numbers its reports afresh).</summary>
    private sealed class CitySession(IActorRef city, long registeredAt)
    {
        public IActorRef City { get; } = city;
        public long RegisteredAt { get; } = registeredAt;
        public long LastHeard { get; set; } = registeredAt;
        public UplinkInbox Reports { get; } = new();
        public double? ResyncMs { get; set; }
    }

    private sealed class CityRecord
    {
        public int Registrations { get; set; }
        public HashSet<(int Platform, long AlarmId)> AlarmIds { get; } = [];
        public long ReportsRecorded { get; set; }
        public long ReportsRepeated { get; set; }
        public RollUp RollUp { get; set; } = RollUp.Zero;
        public double? ResyncMs { get; set; }
        public string? RegisteredFrom { get; set; }
        public CatalogMirror? Catalog { get; set; }
    }
}
