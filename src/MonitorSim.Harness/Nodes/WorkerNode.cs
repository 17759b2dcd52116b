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
        if (options.CitySeeds is not null)
        {
            await RunProvinceAsync(options, scenario, say, ct);
            return;
        }
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

    /// <summary>
    /// A node of a province across nodes: it joins every city's cluster (one actor system per city, as each city is a
    /// deployment of its own) with the tree role, in the order of <see cref="WorkerNodeOptions.CitySeeds"/> — a city's
    /// platform lives on the oldest tree node of its cluster, so the coordinator hands each node the cities in another
    /// order and the city platforms spread — and hosts its share of each city's platforms and points. The city platforms
    /// it hosts register with the province platform at <see cref="WorkerNodeOptions.ProvincePath"/>.
    /// </summary>
    private static async Task RunProvinceAsync(WorkerNodeOptions options, ScenarioDefinition scenario, Action<string> say, CancellationToken ct)
    {
        var province = ProvinceTopology.Build(scenario.Cities ?? throw new TreeStartException($"{options.ScenarioPath} has no topology.cities: it is not a province"),
            scenario.Seed);
        var clock = new SimClock(scenario.SimStart, scenario.Compression);
        if (options.Clock is { } reading) clock.Adopt(reading.SimAt, reading.WallUtc);
        using var log = options.LogPath is { } path ? new FileLoggerProvider(path) : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var gone = ParentWatch.WhenGoneAsync(options.ParentPid, options.ExitWithStdin, stop.Token);
        var store = Cluster.Persistence.StoreSettings.For(scenario.Store);
        var nodes = new List<TreeNode>();
        try
        {
            async Task<TreeNode> Join(string citySeed)
            {
                var eq = citySeed.IndexOf('=', StringComparison.Ordinal);
                var name = citySeed[..eq];
                var k = province.Names.ToList().IndexOf(name);
                if (k < 0) throw new TreeStartException($"--city-seed: {options.ScenarioPath} has no city '{name}'");
                var node = await TreeNode.StartAsync(new TreeNodeOptions(province.Cities[k], TreeSetup.Rules(scenario), clock, store,
                    scenario.Monitoring.SweepInterval, options.Hostname, 0, log,
                    Membership: ClusterMembership.Joining([citySeed[(eq + 1)..]], [ClusterMembership.TreeRole], Session.ProvinceAcrossNodes.JoinWait(province.Cities.Count),
                        Session.ProvinceAcrossNodes.HeartbeatPause),
                    Province: new ProvinceUplink(name, options.ProvincePath!)), stop.Token);
                say($"city {name}: node up at {Akka.Cluster.Cluster.Get(node.System).SelfAddress}");
                return node;
            }
            // The first city alone: this node is then the oldest tree node of that city's cluster, and hosts its city
            // platform. The others side by side (one after another took 8-10 s each at load average 30).
            nodes.Add(await Join(options.CitySeeds![0]));
            // On the thread pool: a system's start runs synchronously for seconds before its first await.
            var rest = options.CitySeeds.Skip(1).Select(seed => Task.Run(() => Join(seed), stop.Token)).ToArray();
            try { await Task.WhenAll(rest); }
            finally { nodes.AddRange(rest.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result)); }
            // Runs until stopped, a city's cluster downs this node (its system terminates), or orphaned.
            await Task.WhenAny(nodes.Select(n => n.System.WhenTerminated).Append(gone)
                .Append(Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default)));
            stop.Cancel();
            say("province node stopping");
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }
}
