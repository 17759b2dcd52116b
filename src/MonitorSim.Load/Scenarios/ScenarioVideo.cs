using MonitorSim.Domain.Topology;
using MonitorSim.Sizing.Video;

namespace MonitorSim.Load.Scenarios;

/// <summary>A scenario's video backbone: the cameras of each platform of its topology, through its <c>video</c> section.</summary>
public static class ScenarioVideo
{
    /// <summary>Builds the scenario's topology (its spec and seed, as a run does) and plans the backbone per platform.</summary>
    public static VideoBackbonePlan Plan(ScenarioDefinition scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return Plan(TopologyBuilder.Build(scenario.Topology, scenario.Seed), scenario.Video);
    }

    /// <summary>Plans the backbone of an already built topology: one row per platform, named by its path
    /// (e.g. <c>xz/tongshan/p07</c>), in platform order.</summary>
    public static VideoBackbonePlan Plan(CityTopology topology, VideoSpec video)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return VideoBackbone.Plan(topology.Platforms.Select(p => new PlatformCameras(p.Path, p.CameraCount)).ToList(), video);
    }
}
