namespace MonitorSim.Cluster.Protocol;

// GB/T 28181 cascade, city → province: the same hop as platform → city (CascadeMessages, PlatformReport), one level up.
// The city platform registers with the province platform, keeps alive, and forwards the alarms it recorded in
// sequence-numbered reports that carry its roll-up (its catalog summary); the province acknowledges each report.

/// <summary>City → province: the city platform registers (cascade REGISTER); answered with <see cref="CityRegistered"/>.</summary>
public sealed record CityRegister(string City, int Cameras);

/// <summary>Province → city: the session is open; the city sends its roll-up and anything unacknowledged at once.</summary>
public sealed record CityRegistered(string City);

/// <summary>City → province: cascade keepalive.</summary>
public sealed record CityKeepalive(string City);

/// <summary>Province → city: the province has no session for this city (it restarted, or the city was silent too long).</summary>
public sealed record CityNotRegistered(string City);

/// <summary>One alarm the city passes up: its platform's notice, named by platform (an alarm id is its platform's).</summary>
public sealed record CityAlarm(int Platform, long AlarmId, int Camera, Domain.Operations.AlarmType Type, DateTime At);

/// <summary>City → province: alarms the city recorded and changes of its catalog, plus its roll-up.</summary>
/// <param name="Changes">Changes of the city's catalog since the previous report, in order (null: none).</param>
public sealed record CityReport(string City, long Seq, IReadOnlyList<CityAlarm> Alarms, RollUp RollUp, IReadOnlyList<CatalogChange>? Changes = null);

/// <summary>Province → city: report <paramref name="Seq"/> is recorded at the province.</summary>
public sealed record CityReportAck(string City, long Seq);

/// <summary>The province's journal event: it recorded these alarms of <paramref name="City"/> (platform and id, pairwise),
/// each for the first time; the acknowledgment of their report goes once this is written.</summary>
public sealed record ProvinceAlarmsRecorded(string City, int[] Platforms, long[] AlarmIds);

/// <summary>The province's snapshot: every alarm it holds, by city (platform and id pairwise, as in
/// <see cref="ProvinceAlarmsRecorded"/>).</summary>
public sealed record ProvinceSnapshot(string[] Cities, int[][] Platforms, long[][] AlarmIds);

/// <summary>Fault injection: the province answers nothing for <paramref name="DownFor"/>, then restarts: its sessions and the cities' roll-ups
/// are gone, its record of alarms comes back from its journal.</summary>
public sealed record CrashProvince(TimeSpan DownFor);

/// <summary>Asks the province for what it knows of each city; answered with <see cref="ProvinceStatus"/>.</summary>
public sealed record GetProvinceStatus
{
    public static GetProvinceStatus Instance { get; } = new();
}

/// <summary>The province's view, by city name.</summary>
public sealed record ProvinceStatus(IReadOnlyDictionary<string, CityAtProvince> Cities);

/// <summary>One city as the province knows it.</summary>
/// <param name="Registered">Whether a session is open now.</param>
/// <param name="Registrations">Sessions opened since the province started (a city that restarted registers again).</param>
/// <param name="AlarmIds">Every alarm (platform, id) the province recorded from this city, each once.</param>
/// <param name="ReportsRecorded">Reports recorded; a report sent again is acknowledged, not recorded twice.</param>
/// <param name="ReportsRepeated">Reports that arrived again and were only acknowledged.</param>
/// <param name="ResyncMs">Wall ms from the city's latest registration to its first report after it (its roll-up re-synced); null until then.</param>
/// <param name="RegisteredFrom">The address the city platform last registered from (the node hosting it, on a province across nodes).</param>
/// <param name="Catalog">The province's copy of the city's catalog (null before the city first registered).</param>
public sealed record CityAtProvince(bool Registered, int Registrations, IReadOnlyCollection<(int Platform, long AlarmId)> AlarmIds,
    long ReportsRecorded, long ReportsRepeated, RollUp RollUp, double? ResyncMs, string? RegisteredFrom = null, CatalogAtProvince? Catalog = null);

/// <summary>The province's copy of one city's catalog, item by item (<see cref="Domain.Cascade.CatalogTable"/>).</summary>
/// <param name="Cameras">Items in it (the camera count the city registered with).</param>
/// <param name="Online">Cameras online in it.</param>
/// <param name="Synced">Whether the latest pull of the city's catalog has received its every page.</param>
/// <param name="Pulls">Catalog pulls started (one at each registration of the city, and again if one stalls).</param>
/// <param name="ChangesApplied">Catalog changes from the city's reports that changed an item (a change repeated, or
/// already brought by a pull, changes none).</param>
/// <param name="ChangesReceived">Catalog changes in the reports recorded (a report sent again is not counted twice).</param>
/// <param name="PullMs">Wall ms from the city's latest registration to the last page of its catalog; null until then.</param>
public sealed record CatalogAtProvince(int Cameras, int Online, bool Synced, int Pulls, long ChangesApplied, long ChangesReceived, double? PullMs);

/// <summary>Province → city: send your device catalog, page by page (on every registration, as the city asks its
/// platforms with <see cref="CatalogQuery"/>).</summary>
public sealed record CityCatalogQuery(string City, long SyncId);

/// <summary>City → province: one page of the city's catalog (items as the platforms give them to the city).</summary>
public sealed record CityCatalogPage(string City, long SyncId, int Page, int Pages, int Total, IReadOnlyList<CatalogItem> Items);

/// <summary>Asks the province for its copy of <paramref name="City"/>'s catalog; answered with <see cref="CatalogView"/>.</summary>
public sealed record GetProvinceCatalog(string City);

/// <summary>Asks the city platform for its catalog (its platforms' items); answered with <see cref="CatalogView"/>.</summary>
public sealed record GetCityCatalog
{
    public static GetCityCatalog Instance { get; } = new();
}

/// <summary>A catalog, item by item: camera <c>i</c> is online if bit <c>i % 64</c> of <c>OnlineBits[i / 64]</c> is set
/// (<see cref="Domain.Cascade.CatalogTable.Export"/>); two views are equal item by item when their bits are.</summary>
public sealed record CatalogView(int Cameras, int Online, ulong[] OnlineBits)
{
    /// <summary>Items whose status differs between this view and <paramref name="other"/> of the same catalog (every item of
    /// the larger one if their sizes differ).</summary>
    public int ItemsDifferingFrom(CatalogView other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Cameras != other.Cameras) return Math.Max(Cameras, other.Cameras);
        var n = 0;
        for (var i = 0; i < OnlineBits.Length; i++) n += System.Numerics.BitOperations.PopCount(OnlineBits[i] ^ other.OnlineBits[i]);
        return n;
    }
}

/// <summary>Asks a city for its link to the province; answered with <see cref="ProvinceLinkStatus"/>.</summary>
public sealed record GetProvinceLinkStatus
{
    public static GetProvinceLinkStatus Instance { get; } = new();
}

/// <summary>The city's end of the cascade hop to the province.</summary>
/// <param name="HopMsP99">City → province hop latency, p99 over the alarms acknowledged so far: wall ms from the city
/// recording the alarm to the province's acknowledgment arriving back (null before the first).</param>
/// <param name="ChangesForwarded">Catalog changes passed to the link (each a change of the city's catalog).</param>
/// <param name="ChangesAcknowledged">Catalog changes in reports the province acknowledged.</param>
/// <param name="CatalogPagesSent">Pages of the city's catalog sent to the province's pulls.</param>
public sealed record ProvinceLinkStatus(bool Open, long AlarmsForwarded, long AlarmsAcknowledged, int Waiting, int InFlight, int Registrations,
    double? HopMsP50, double? HopMsP99, long ChangesForwarded = 0, long ChangesAcknowledged = 0, long CatalogPagesSent = 0);

/// <summary>City → platform: the province acknowledged these alarms of <paramref name="Platform"/>; the platform stops
/// holding them for a re-sync (see <see cref="Actors.ProvinceHold"/>).</summary>
public sealed record AlarmsForwarded(int Platform, IReadOnlyList<long> AlarmIds);

/// <summary>Fault injection: the city's link to the province drops everything, both ways, for <paramref name="DownFor"/>.</summary>
public sealed record CutProvinceLink(TimeSpan DownFor);

/// <summary>Asks a city for every city → province hop it measured; answered with <see cref="ProvinceHops"/>.</summary>
public sealed record GetProvinceHops
{
    public static GetProvinceHops Instance { get; } = new();
}

/// <summary>The city → province hop of each alarm acknowledged by the province, in the order acknowledged: when the city
/// recorded it (Stopwatch timestamp) and how long until the province's acknowledgment came back (Stopwatch ticks).</summary>
/// <param name="Clipped">Hops acknowledged past the node's cap (<see cref="Actors.ProvinceHopLog.DefaultMaxSamples"/>): not
/// in the arrays.</param>
/// <param name="Unacknowledged">Alarms passed up that the province had not acknowledged when asked: no hop yet.</param>
/// <param name="CityStarts">How often a city platform started on this node's log (more than 1: it restarted, and the
/// hops of alarms in flight across the restart count it).</param>
/// <param name="Since">When the first city platform started on this node's log (Stopwatch timestamp; 0: none did). Later
/// than the run's start: the city platform moved here from a node that was lost, with the hops it measured there.</param>
public sealed record ProvinceHops(long[] RecordedAt, long[] HopTicks, long Clipped = 0, int Unacknowledged = 0, int CityStarts = 0, long Since = 0);
