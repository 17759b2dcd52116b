namespace MonitorSim.Cluster.Hosting;

/// <summary>Registry key of the shard region that hosts platforms and points.</summary>
public sealed class TreeRegionKey;

/// <summary>Registry key of the proxy to the city platform singleton.</summary>
public sealed class CityKey;

/// <summary>Registry key of the shard region that hosts the clues.</summary>
public sealed class ClueRegionKey;

/// <summary>Registry key of the shard region that hosts co-handled requests.</summary>
public sealed class CoHandlingRegionKey;
