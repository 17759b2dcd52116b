using MonitorSim.Cluster.Actors;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Hosting;

/// <summary>What every actor of the tree shares: the topology, the rules and the sim clock. (The shard region and the
/// city are found through the system's ActorRegistry.)</summary>
/// <param name="SweepInterval">How often (sim time) platforms look for silent devices and due alarm clearances.</param>
/// <param name="CatalogPageSize">Items per catalog page (GB/T 28181 responses carry a few items each).</param>
/// <param name="JournalKey">Distinguishes this city's journal streams from another topology's on the same store (the
/// topology's fingerprint), so a different seed or size never recovers a platform that does not fit it.</param>
/// <param name="Province">The province platform this city cascades to; null = the city is the top.</param>
/// <param name="ProvinceHops">The node's record of the city → province hop (with <paramref name="Province"/>): here, not in
/// the city platform, so that it outlives the city platform's restart.</param>
public sealed record TreeContext(
    CityTopology Topology,
    MonitoringRules Rules,
    ISimClock Clock,
    TimeSpan SweepInterval,
    string JournalKey,
    int CatalogPageSize = 4,
    ProvinceUplink? Province = null,
    Actors.ProvinceHopLog? ProvinceHops = null)
{
    /// <summary>The platform and point entities running on this node, each entered by itself as it starts.</summary>
    public LocalEntities Entities { get; } = new(Topology.Platforms.Count, Topology.Points.Count);

    /// <summary>A sim-time period as wall time, never below 10 ms so that heavy compression cannot spin a timer.</summary>
    public TimeSpan Wall(TimeSpan sim)
    {
        var wall = Clock.ToWall(sim);
        return wall < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wall;
    }
}

/// <summary>Where a city platform cascades to: its name at the province and the province platform's actor path
/// (<c>akka.tcp://province@HOST:PORT/user/province</c>, see <see cref="ProvinceNode"/>).</summary>
public sealed record ProvinceUplink(string City, string ProvincePath);
