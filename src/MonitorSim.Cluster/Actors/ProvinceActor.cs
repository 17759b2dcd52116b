using System.Diagnostics;
using Akka.Actor;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Cascade;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// The province monitoring platform: the top of a GB/T 28181 cascade city → province. Each city platform registers,
/// keeps alive and forwards the alarms it recorded in sequence-numbered reports carrying its roll-up; the province
/// records a report once per session (<see cref="UplinkInbox"/>) and acknowledges every copy. Its state is soft, as the
/// city's is: after a restart it answers a city it has no session for with <see cref="CityNotRegistered"/>, the city
/// registers again, and its roll-up and unacknowledged reports follow (the re-sync).
/// </summary>
public sealed class ProvinceActor : ReceiveActor, IWithTimers
{
    private readonly TimeSpan _silentLimit;
    private readonly Dictionary<string, CitySession> _sessions = [];
    // What the province recorded survives sessions (a city that restarts keeps its history here); lost with a province restart.
    private readonly Dictionary<string, CityRecord> _records = [];

    /// <param name="silentLimit">A city silent this long loses its session (three missed keepalives).</param>
    public ProvinceActor(TimeSpan silentLimit)
    {
        _silentLimit = silentLimit;
        Receive<CityRegister>(OnRegister);
        Receive<CityKeepalive>(OnKeepalive);
        Receive<CityReport>(OnReport);
        Receive<GetProvinceStatus>(_ => Sender.Tell(Status()));
        Receive<Tick>(t => t.Kind == TickKind.Sweep, _ => Sweep());
        Receive<CrashProvince>(c =>
        {
            Timers.CancelAll();
            Timers.StartSingleTimer("reboot", Tick.Reboot, c.DownFor);
            Become(Down);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan silentLimit) => Akka.Actor.Props.Create(() => new ProvinceActor(silentLimit));

    protected override void PreStart() => Timers.StartPeriodicTimer("sweep", Tick.Sweep, _silentLimit / 3);

    /// <summary>Crashed: answers nothing, then fails so that its supervisor restarts it with empty state.</summary>
    private void Down()
    {
        Receive<Tick>(t => t.Kind == TickKind.Reboot, _ => throw new SimulatedCrashException("province"));
        ReceiveAny(_ => { });
    }

    private void OnRegister(CityRegister r)
    {
        _sessions[r.City] = new CitySession(Sender, Stopwatch.GetTimestamp());
        var record = Record(r.City);
        record.Registrations++;
        record.RegisteredFrom = Sender.Path.Address.ToString();
        Sender.Tell(new CityRegistered(r.City));
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
        if (s.Reports.Record(report.Seq))
        {
            record.ReportsRecorded++;
            foreach (var a in report.Alarms) record.AlarmIds.Add((a.Platform, a.AlarmId));
            record.RollUp = report.RollUp;
            s.ResyncMs ??= Stopwatch.GetElapsedTime(s.RegisteredAt).TotalMilliseconds;
            record.ResyncMs = s.ResyncMs;
        }
        else
        {
            record.ReportsRepeated++;
        }
        Sender.Tell(new CityReportAck(report.City, report.Seq));
    }

    private void Sweep()
    {
        foreach (var (city, s) in _sessions.ToArray())
            if (Stopwatch.GetElapsedTime(s.LastHeard) > _silentLimit) _sessions.Remove(city);
    }

    private CityRecord Record(string city) => _records.TryGetValue(city, out var r) ? r : _records[city] = new CityRecord();

    private ProvinceStatus Status() => new(_records.ToDictionary(r => r.Key, r => new CityAtProvince(_sessions.ContainsKey(r.Key),
        r.Value.Registrations, r.Value.AlarmIds.ToArray(), r.Value.ReportsRecorded, r.Value.ReportsRepeated, r.Value.RollUp, r.Value.ResyncMs,
        r.Value.RegisteredFrom)));

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
    }
}
