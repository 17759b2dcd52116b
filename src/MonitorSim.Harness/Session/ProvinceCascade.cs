using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MonitorSim.Cluster;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Nodes;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Session;

/// <summary>
/// A province of a scenario's <c>topology.cities</c>, started in this process: the province platform in an actor system
/// of its own (<see cref="ProvinceNode"/>), and each city a one-node tree of its own (<see cref="TreeNode"/>) whose city
/// platform registers with the province, keeps alive and forwards its alarms (GB/T 28181 cascade city → province). The
/// cities reach the province over remoting on loopback, as separate deployments would. Disposing it stops the cities,
/// then the province.
/// </summary>
public sealed class ProvinceCascade : IAsyncDisposable
{
    private ProvinceCascade(ProvinceTopology topology, ProvinceNode province, IReadOnlyList<TreeNode> cities, TimeSpan startTime, LocalNodes? workers = null)
    {
        Topology = topology;
        Province = province;
        Cities = cities;
        StartTime = startTime;
        Workers = workers;
    }

    /// <summary>The worker node processes of a province across nodes (<c>--nodes N</c>); null when every city runs in
    /// this process.</summary>
    public LocalNodes? Workers { get; }

    public ProvinceTopology Topology { get; }

    public ProvinceNode Province { get; }

    /// <summary>Each city's tree, in the scenario's order.</summary>
    public IReadOnlyList<TreeNode> Cities { get; }

    /// <summary>Wall time to start the province and every city's tree.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>Sim time of the newest event any city recovered from its store.</summary>
    public DateTime HistoryUntil => Cities.Max(c => c.HistoryUntil);

    /// <summary>Starts the province platform and every city: in this process, or — with <paramref name="cluster"/> of
    /// several local nodes — each city's platforms and city platform on the worker nodes (<see cref="ProvinceAcrossNodes"/>).</summary>
    public static async Task<ProvinceCascade> StartAsync(ScenarioDefinition scenario, ProvinceTopology topology, SimClock clock, StoreSettings store,
        ClusterSettings cluster, string folder, ILoggerProvider log, IRunProgress progress, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var rules = TreeSetup.Rules(scenario);
        // The cities keep alive with the province on their platforms' keepalive period (wall time at this compression).
        var keepaliveWall = TimeSpan.FromSeconds(Math.Max(0.05, scenario.Monitoring.KeepaliveInterval.TotalSeconds / scenario.Compression));
        // The province journals the alarms it records on its cities' store, under the whole province's fingerprint.
        var province = await ProvinceNode.StartAsync(keepaliveWall, cluster.Hostname, logging: log, store: store,
            journalKey: TopologyBuilder.Fingerprint(topology.Whole), ct: ct);
        if (cluster.IsMultiNode)
        {
            try
            {
                var (nodes, workers) = await ProvinceAcrossNodes.StartAsync(scenario, topology, clock, store, cluster, folder, province, log, progress, ct);
                return new ProvinceCascade(topology, province, nodes, Stopwatch.GetElapsedTime(started), workers);
            }
            catch
            {
                await province.DisposeAsync();
                throw;
            }
        }
        // One after another: started side by side (2026-12-03, load 33) they took 76 s against 34 s in turn (load 44).
        var cities = new List<TreeNode>();
        try
        {
            for (var k = 0; k < topology.Cities.Count; k++)
            {
                var city = topology.Cities[k];
                progress.Info($"starting city {topology.Names[k]} ({city.Platforms.Count} platforms, {city.Points.Count:N0} points, {city.CameraCount:N0} cameras) …");
                cities.Add(await TreeNode.StartAsync(new TreeNodeOptions(city, rules, clock, store, scenario.Monitoring.SweepInterval, Logging: log,
                    WakeTimeout: scenario.StartTimeout, WakeProgress: progress.TreeStart, Province: province.Uplink(topology.Names[k])), ct));
            }
        }
        catch
        {
            foreach (var c in cities) await c.DisposeAsync();
            await province.DisposeAsync();
            throw;
        }
        return new ProvinceCascade(topology, province, cities, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>City <paramref name="name"/>'s tree.</summary>
    public TreeNode City(string name) => Cities[Topology.IndexOf(name)];

    /// <summary>The province as the engine drives it: each operation to its city's tree.</summary>
    public IMonitoringTree CreateTree(IOperationObserver observer) => new ProvinceTree(Topology, (k, o) => Cities[k].CreateTree(o), observer);

    /// <summary>The cities' roll-ups added up (what the cities hold, not what reached the province).</summary>
    public async Task<TreeStatus> StatusAsync()
    {
        int online = 0, offline = 0, alarms = 0;
        foreach (var city in Cities)
        {
            var s = await city.CityStatusAsync();
            (online, offline, alarms) = (online + s.CamerasOnline, offline + s.CamerasOffline, alarms + s.ActiveAlarms);
        }
        return new TreeStatus(online, offline, alarms);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var city in Cities) await city.DisposeAsync();
        }
        finally
        {
            try { await Province.DisposeAsync(); }
            finally { if (Workers is not null) await Workers.DisposeAsync(); }
        }
    }
}
