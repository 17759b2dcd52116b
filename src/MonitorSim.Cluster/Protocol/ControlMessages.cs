using MonitorSim.Cluster.Sharding;

namespace MonitorSim.Cluster.Protocol;

/// <summary>Starts a tree entity (and its recovery) ahead of the workload; answered with <see cref="Awake"/>.</summary>
public sealed record Wake(int Platform, string EntityId) : ITreeMessage;

/// <summary>The entity is started and recovered.</summary>
/// <param name="HistoryUntil">For a platform: sim time of the newest event it recovered (default on an empty store, and for points).</param>
public sealed record Awake(string EntityId, DateTime HistoryUntil = default);

/// <summary>Fault injection: the addressee goes down (answers nothing) for <paramref name="DownFor"/>, then restarts.</summary>
public sealed record Crash(int Platform, TimeSpan DownFor) : ITreeMessage
{
    public string EntityId => EntityIds.Platform(Platform);
}

/// <summary>Fault injection for the city platform.</summary>
public sealed record CrashCity(TimeSpan DownFor);

/// <summary>Asks a platform for its state; answered with <see cref="PlatformStatus"/>.</summary>
public sealed record GetPlatformStatus(int Platform) : ITreeMessage
{
    public string EntityId => EntityIds.Platform(Platform);
}

/// <summary>A platform's view of its subtree, per point and in total.</summary>
/// <param name="Points">Roll-up per point, in point order.</param>
/// <param name="Incarnation">How many times this platform has started on this store (1 on an empty store).</param>
/// <param name="HistoryUntil">Sim time of the newest event recovered from the store (default on an empty store).</param>
/// <param name="AlarmCopies">Alarms that arrived again since the platform started (re-sent by their point or camera) and
/// were recognised as copies of one stored or being stored, so not stored again.</param>
/// <param name="CatalogChangesAcknowledged">Catalog changes of its cameras in reports the city acknowledged, since it started.</param>
/// <param name="CatalogChangesWaiting">Catalog changes waiting for or in flight to the city.</param>
public sealed record PlatformStatus(int Platform, RollUp Total, IReadOnlyList<RollUp> Points, long AlarmsRaised, long Incarnation,
    bool RegisteredWithCity, DateTime HistoryUntil = default, long AlarmCopies = 0, long CatalogChangesAcknowledged = 0, int CatalogChangesWaiting = 0);

/// <summary>Asks the city for its view; answered with <see cref="CityStatus"/>.</summary>
public sealed class GetCityStatus
{
    public static GetCityStatus Instance { get; } = new();
    private GetCityStatus() { }
}

/// <summary>The city's rolled-up view of the tree.</summary>
/// <param name="PlatformsConnected">Platforms registered with the city and catalog-synced.</param>
/// <param name="CamerasOnline">Cameras online under connected platforms.</param>
/// <param name="CamerasOffline">All other cameras (offline, or under a platform the city cannot see).</param>
/// <param name="DetectionCluesFiled">Detections of inaction passed on as clues since the city (re)started (zero unless
/// <see cref="Domain.Monitoring.MonitoringRules.DetectionsFileClues"/>).</param>
public sealed record CityStatus(int PlatformsConnected, int CamerasOnline, int CamerasOffline, int ActiveAlarms, long AlarmsReceived, long CatalogItemsReceived,
    long DetectionCluesFiled = 0);

/// <summary>Asks a point for its state; answered with <see cref="PointStatus"/>.</summary>
public sealed record GetPointStatus(int Platform, int Point) : ITreeMessage
{
    public string EntityId => EntityIds.Point(Point);
}

/// <summary>A point's own view: alarms it accepted, alarms not yet acknowledged by the platform, its service queue.</summary>
/// <param name="AlarmCopies">Alarms cameras sent again (unanswered at first) that the point recognised as copies.</param>
public sealed record PointStatus(int Point, long AlarmsAccepted, int AwaitingPlatformAck, int Waiting, int Serving, long AlarmCopies = 0);
