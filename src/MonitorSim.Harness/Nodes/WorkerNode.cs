using MonitorSim.Cluster.Hosting;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Generators;
using MonitorSim.Harness.Logging;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Nodes;

/// <summary>
/// A <c>monitorsim node</c> process: joins a run's cluster, hosts its share of the platforms (and with the <c>load</c>
/// role drives their cameras when the coordinator says so) until it is stopped, downed by the cluster, or — when a
/// coordinator started it — the coordinator goes away.
/// </summary>
public static class WorkerNode
{
    /// <summary>Runs the node of <paramref name="scenario"/> (already read, with the options' seed and store applied) until
    /// it ends; <paramref name="say"/> hears its one-line announcements. Throws <see cref="TreeStartException"/> or
    /// <see cref="TlsSettingsException"/> when it cannot start.</summary>
    public static async Task RunAsync(WorkerNodeOptions options, ScenarioDefinition scenario, Action<string> say, CancellationToken ct)
    {
        var topology = TopologyBuilder.Build(scenario.Topology, scenario.Seed);
        var clock = new SimClock(scenario.SimStart, scenario.Compression);
        if (options.Clock is { } reading) clock.Adopt(reading.SimAt, reading.WallUtc);
        using var log = options.LogPath is { } path ? new FileLoggerProvider(path) : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var gone = ParentWatch.WhenGoneAsync(options.ParentPid, options.ExitWithStdin, stop.Token);
        TreeNode node;
        try
        {
            node = await TreeNode.StartAsync(new TreeNodeOptions(topology, TreeSetup.Rules(scenario), clock, Cluster.Persistence.StoreSettings.For(scenario.Store),
                scenario.Monitoring.SweepInterval, options.Hostname, options.Port, log,
                Membership: ClusterMembership.Joining(options.Seeds, options.Roles), Tls: options.Tls, Partitionable: TreeSetup.Partitionable(scenario)), stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await using (node)
        {
            if (options.Roles.Contains(ClusterMembership.LoadRole))
                node.System.ActorOf(LoadAgent.Props(scenario, topology, node.CreateTree), LoadAgent.Name);
            var self = Akka.Cluster.Cluster.Get(node.System).SelfAddress;
            say($"node up: {self} (roles {string.Join(", ", options.Roles)}), topology {TopologyBuilder.Fingerprint(topology)}, store {scenario.Store.Display}");
            // Runs until stopped, downed by the cluster (the system terminates), or orphaned.
            await Task.WhenAny(gone, node.System.WhenTerminated, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
            stop.Cancel();
            say($"node {self} stopping");
        }
    }
}
