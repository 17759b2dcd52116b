namespace MonitorSim.Domain.Topology;

/// <summary>How big the monitored city is: the scenario's <c>topology</c> section. Defaults are the seed city (Xuzhou).</summary>
public sealed record TopologySpec(
    int Platforms = 45,
    int Points = 3108,
    int Cameras = 17932,
    int CoHandlingCentres = 450,
    int CoHandlingPosts = 2450)
{
    /// <summary>The seed document's city: 1 + 45 platforms, 3,108 points, 17,932 cameras, 450 centres, 2,450 posts.</summary>
    public static TopologySpec Xuzhou { get; } = new();
}
