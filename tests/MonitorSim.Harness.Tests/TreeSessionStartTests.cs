using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Nodes;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Tests;

/// <summary>Whoever shows a run's progress (the console) hears how far the tree's start has come.</summary>
public sealed class TreeSessionStartTests
{
    private const string SmallCity = """
        name: small_city
        seed: 5
        duration: 2s
        store: memory
        topology: { platforms: 20, points: 3000, cameras: 6000, co_handling: { centres: 0, posts: 0 } }
        scenarios:
          - name: keepalive
            operation: keepalive
            load:
              - periodic: { every: 60s, per: camera }
        """;

    private sealed class Recording : IRunProgress
    {
        public ConcurrentQueue<WakeProgress> Starts { get; } = new();
        public ConcurrentQueue<string> Lines { get; } = new();
        public void Info(string message) => Lines.Enqueue(message);
        public void Interval(TimelineRow row) { }
        public void TreeStart(WakeProgress progress) => Starts.Enqueue(progress);
    }

    [Fact]
    public async Task Starting_the_tree_reports_entities_woken_to_the_runs_progress_until_all_are_up()
    {
        var scenario = ScenarioLoader.Parse(SmallCity, "small.yaml");
        var topology = TopologyBuilder.Build(scenario.Topology, scenario.Seed);
        var progress = new Recording();

        await using var session = await TreeSession.StartAsync(new SessionOptions(scenario, topology, LoadPlanner.Plan(scenario, topology),
            ClusterSettings.SingleNode, Path.GetTempPath(), NullLoggerProvider.Instance), progress, default);

        var last = progress.Starts.Last();
        Assert.Equal((3_020, 3_020, true), (last.Woken, last.Total, last.Done));
        Assert.Contains(progress.Lines, l => l.Contains("3,020 platforms and points woken"));
    }
}
