using MonitorSim.Cluster.Sharding;

namespace MonitorSim.Cluster.Protocol;

/// <summary>Platform → city: the lower platform registers with the upper one (cascade REGISTER).</summary>
public sealed record PlatformRegister(int Platform, int Cameras);

/// <summary>Platform → city: cascade keepalive.</summary>
public sealed record PlatformKeepalive(int Platform);

/// <summary>City → platform: the city has no session for this platform (e.g. the city restarted); register again.</summary>
public sealed record PlatformNotRegistered(int Platform) : ITreeMessage
{
    public string EntityId => EntityIds.Platform(Platform);
}

/// <summary>City → platform: send your device catalog (sent on every (re)connect).</summary>
public sealed record CatalogQuery(int Platform, long SyncId) : ITreeMessage
{
    public string EntityId => EntityIds.Platform(Platform);
}

/// <summary>One catalog entry (GB/T 28181 catalog item, ~600 B on the wire).</summary>
public sealed record CatalogItem(int Camera, string Path, bool Online);

/// <summary>Platform → city: one page of the catalog; pages are small, as in the standard.</summary>
public sealed record CatalogPage(int Platform, long SyncId, int Page, int Pages, int Total, IReadOnlyList<CatalogItem> Items);

/// <summary>One catalog change passed up a cascade (GB/T 28181 catalog notification, status only): camera
/// <paramref name="Camera"/> (its index in the city) went online or offline. Platform → city in <see cref="PlatformReport"/>,
/// city → province in <see cref="CityReport"/>, acknowledged with the report that carries it.</summary>
public readonly record struct CatalogChange(int Camera, bool Online);
