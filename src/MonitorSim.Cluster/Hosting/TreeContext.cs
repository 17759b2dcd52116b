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
public sealed record TreeContext(
    CityTopology Topology,
    MonitoringRules Rules,
    ISimClock Clock,
    TimeSpan SweepInterval,
    string JournalKey,
    int CatalogPageSize = 4)
{
    /// <summary>A sim-time period as wall time, never below 10 ms so that heavy compression cannot spin a timer.</summary>
    public TimeSpan Wall(TimeSpan sim)
    {
        var wall = Clock.ToWall(sim);
        return wall < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wall;
    }
}
