using Microsoft.Extensions.Logging;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Nodes;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Session;

/// <summary>What a <see cref="TreeSession"/> starts: the scenario's city on a cluster.</summary>
/// <param name="Plans">The streams the session's windows will drive: how the load is spread over the nodes depends on
/// whether they can be split between generators.</param>
/// <param name="Folder">Where worker nodes write their logs.</param>
/// <param name="Log">The tree's log on this process.</param>
/// <param name="Province">A province's cities (the scenario's <c>topology.cities</c>); <paramref name="Topology"/> is then
/// its <see cref="ProvinceTopology.Whole"/>. Null: one city.</param>
public sealed record SessionOptions(
    ScenarioDefinition Scenario,
    CityTopology Topology,
    IReadOnlyList<StreamPlan> Plans,
    ClusterSettings Cluster,
    string Folder,
    ILoggerProvider Log,
    ProvinceTopology? Province = null);
