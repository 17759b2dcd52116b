using System.Globalization;
using Akka.Actor;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Generators;
using MonitorSim.Harness.Nodes;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Session;

/// <summary>
/// The monitoring tree started once for a run or a sizing series, with everything a measured window needs of it: on a
/// one-node cluster, or on this process plus local worker node processes (and nodes joining from other hosts); the sim
/// clock moved on to the next sim day when the store already holds the city's history; every node's clock in step;
/// where the platforms went; and how the load generation is spread over the nodes. A scenario that drives only
/// self-test targets gets a session without a tree. Node numbers: 1 is this process, local workers 2 … N, nodes from
/// other hosts after them. Disposing it stops the tree and then the worker processes: none outlives it, however it ends.
/// </summary>
public sealed class TreeSession : IAsyncDisposable
{
    private readonly Dictionary<string, int> _remoteNumbers = [];
    private readonly List<string> _events = [];

    private TreeSession(SessionOptions options, SimClock clock, TreeNode? node, LocalNodes? workers, ProvinceCascade? province = null)
    {
        Province = province;
        Options = options;
        Clock = clock;
        Node = node;
        Workers = workers;
        Scenario = options.Scenario;
    }

    public SessionOptions Options { get; }

    /// <summary>The scenario as this session runs it: on the next sim day when the store held the city's history.</summary>
    public ScenarioDefinition Scenario { get; private set; }

    public CityTopology Topology => Options.Topology;

    public ClusterSettings Cluster => Options.Cluster;

    public SimClock Clock { get; }

    /// <summary>This process's node, the coordinator of a multi-node cluster; null when no stream uses the tree.</summary>
    public TreeNode? Node { get; }

    /// <summary>A province's cities and its province platform (<c>topology.cities</c>); null for one city. A province has
    /// no <see cref="Node"/>: each city is a tree of its own.</summary>
    public ProvinceCascade? Province { get; }

    /// <summary>Wall time the tree (or the province with its cities) took to start; zero without one.</summary>
    public TimeSpan StartTime => Node?.StartTime ?? Province?.StartTime ?? TimeSpan.Zero;

    /// <summary>The local worker node processes; null on one node or with remote nodes only.</summary>
    public LocalNodes? Workers { get; }

    /// <summary>Whether the tree runs on more than this process.</summary>
    public bool IsMultiNode => Node is not null && Cluster.IsMultiNode;

    /// <summary>Which platforms each node hosted once the cluster was up, by node number (empty on one node).</summary>
    public IReadOnlyDictionary<int, NodeReport> Placement { get; private set; } = new Dictionary<int, NodeReport>();

    /// <summary>The cameras of the platforms each node hosted once the cluster was up, by node number (empty on one node):
    /// a node's share of the device load (keepalives, registrations and alarms go by camera).</summary>
    public IReadOnlyDictionary<int, int> CamerasByNode =>
        Placement.ToDictionary(p => p.Key, p => (p.Value.PlatformIds ?? []).Sum(i => i >= 0 && i < Topology.Platforms.Count ? Topology.Platforms[i].CameraCount : 0));

    /// <summary>The busiest node's share of the cameras as the cluster placed its platforms: 1 on one node; null where a
    /// node did not say which platforms it hosts.</summary>
    public double? BusiestCameraShare
    {
        get
        {
            if (!IsMultiNode) return 1;
            if (Placement.Values.Any(r => r.PlatformIds is null)) return null;
            var cameras = CamerasByNode.Values.ToList(); // computed from the placement on each read: once here
            var total = cameras.Sum();
            return total > 0 ? cameras.Max() / (double)total : null;
        }
    }

    /// <summary>How load generation is spread over the nodes; null when this process generates all of it.</summary>
    public LoadSpread? Spread { get; private set; }

    /// <summary>What the session did that a report should say (next sim day, the cluster, the load spread).</summary>
    public IReadOnlyList<string> Events => _events;

    /// <summary>Starts the tree of <see cref="SessionOptions.Scenario"/> as <paramref name="options"/> describe.</summary>
    public static async Task<TreeSession> StartAsync(SessionOptions options, IRunProgress progress, CancellationToken ct)
    {
        var scenario = options.Scenario;
        var clock = new SimClock(scenario.SimStart, scenario.Compression);
        if (!scenario.Streams.Any(s => s.UsesCluster) && scenario.Monitoring.Sip is null)
        {
            // Self-test targets (measured against known answers, with nothing else on the machine) or SIP cameras
            // loading a platform outside: the model's own tree has nothing to do.
            progress.Info("no stream uses the in-cluster tree (self-test or SIP targets): the tree is not started");
            var bare = new TreeSession(options, clock, null, null);
            bare._events.Add("no stream uses the in-cluster tree (self-test or SIP targets): the monitoring tree was not started");
            return bare;
        }

        var cluster = options.Cluster;
        var store = StoreSettings.For(scenario.Store);
        if (options.Province is { } provinceTopology)
        {
            progress.Info($"starting a province of {provinceTopology.Cities.Count} cities cascading to a province platform, store {store.Display} …");
            var cascade = await ProvinceCascade.StartAsync(scenario, provinceTopology, clock, store, cluster, options.Folder, options.Log, progress, ct);
            var provinceSession = new TreeSession(options, clock, null, null, cascade);
            progress.Info($"province started in {cascade.StartTime.TotalMilliseconds:N0} ms: {provinceTopology.Cities.Count} cities, " +
                          $"{options.Topology.Platforms.Count + options.Topology.Points.Count:N0} platforms and points woken and recovered");
            provinceSession._events.Add($"province of {provinceTopology.Cities.Count} cities ({string.Join(", ", provinceTopology.Names)}), each city " +
                                        "its own tree and actor system, cascading to a province platform in another (GB/T 28181 city → province)");
            try
            {
                provinceSession.MoveToNextSimDay(progress);
                if (cascade.Workers is not null) await provinceSession.PlaceProvinceAsync(cascade, progress, ct);
            }
            catch
            {
                await provinceSession.DisposeAsync();
                throw;
            }
            return provinceSession;
        }
        progress.Info(cluster.IsMultiNode
            ? $"starting the tree on {cluster.TreeNodes} nodes ({(cluster.GeneratorApart ? "not this process, which generates the load: " : "this process, ")}" +
              $"{cluster.Nodes - 1} local node processes" +
              (cluster.RemoteNodes > 0 ? $" and {cluster.RemoteNodes} nodes joining from other hosts" : "") + $"), store {store.Display} …"
            : $"starting the tree on a one-node cluster, store {store.Display} …");
        LocalNodes? workers = null;
        var membership = cluster.IsMultiNode
            ? new ClusterMembership([], cluster.GeneratorApart ? [ClusterMembership.LoadRole] : [ClusterMembership.TreeRole, ClusterMembership.LoadRole],
                cluster.TreeNodes, WakeTree: true,
                WhenUp: (self, _) =>
                {
                    if (cluster.RemoteNodes > 0) progress.Info($"waiting for {cluster.RemoteNodes} node(s) to join at {self} (monitorsim node --seed {self} …)");
                    if (cluster.Nodes > 1)
                        workers = LocalNodes.Start(cluster.Nodes - 1, WorkerNodeOptions.ForLocalWorker(scenario, cluster, self, clock.Reading()), options.Folder);
                    return Task.CompletedTask;
                })
            : ClusterMembership.SingleNode;
        TreeNode node;
        try
        {
            node = await TreeNode.StartAsync(new TreeNodeOptions(options.Topology, TreeSetup.Rules(scenario), clock, store, scenario.Monitoring.SweepInterval,
                cluster.Hostname, cluster.Port, options.Log, WakeTimeout: scenario.StartTimeout, Membership: membership, Tls: cluster.Tls,
                Partitionable: TreeSetup.Partitionable(scenario), WakeProgress: progress.TreeStart), ct);
        }
        catch
        {
            if (workers is not null) await workers.DisposeAsync();
            throw;
        }
        var session = new TreeSession(options, clock, node, workers);
        try
        {
            progress.Info($"tree started in {node.StartTime.TotalMilliseconds:N0} ms: cluster up after {node.ClusterUpTime.TotalMilliseconds:N0} ms, " +
                          $"then {options.Topology.Platforms.Count + options.Topology.Points.Count:N0} platforms and points woken and recovered");
            session.MoveToNextSimDay(progress);
            if (session.IsMultiNode) await session.ShareOutAsync(progress, ct);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The store already holds this city's history up to a later sim time: the session runs on the next sim day at the
    /// scenario's start time, so time never runs backwards and yesterday's alarms clear as they would.
    /// </summary>
    private void MoveToNextSimDay(IRunProgress progress)
    {
        var scenario = Options.Scenario;
        var historyUntil = Node?.HistoryUntil ?? Province!.HistoryUntil;
        if (historyUntil < scenario.SimStart) return;
        var days = (int)Math.Floor((historyUntil - scenario.SimStart).TotalDays) + 1;
        Clock.Shift(TimeSpan.FromDays(days));
        Scenario = scenario with { SimStart = scenario.SimStart.AddDays(days) };
        var note = $"the store's history runs to {historyUntil:yyyy-MM-dd HH:mm:ss} (sim): this run is sim day +{days}, starting {Scenario.SimStart:yyyy-MM-dd HH:mm:ss}";
        progress.Info(note);
        _events.Add(note);
    }

    /// <summary>A province across nodes: one sim time for every node of every city's cluster, and where each city's tree
    /// went (the coordinator, node 1, holds only the province platform).</summary>
    private async Task PlaceProvinceAsync(ProvinceCascade cascade, IRunProgress progress, CancellationToken ct)
    {
        await ProvinceAcrossNodes.SyncClocksAsync(cascade.Cities, Clock, ct);
        var lines = await ProvinceNodeNumbers.DescribeAsync(cascade);
        var head = $"province across {Cluster.Nodes} nodes: node 1 holds the province platform and drives the load; each city a cluster of its own " +
                   $"over nodes 2–{Cluster.Nodes}";
        progress.Info(head);
        _events.Add(head);
        foreach (var line in lines)
        {
            progress.Info(line);
            _events.Add(line);
        }
    }

    /// <summary>One sim time for every process (the workers started with this clock's reading; the next-day shift came
    /// after), then where the platforms went and who generates whose load.</summary>
    private async Task ShareOutAsync(IRunProgress progress, CancellationToken ct)
    {
        var (simAt, wallUtc) = Clock.Reading();
        foreach (var member in Node!.Members) await SyncClockAsync(member, simAt, wallUtc, ct);
        Placement = await ReportsAsync();
        var cameras = CamerasByNode;
        var hosted = string.Join(", ", Placement.OrderBy(p => p.Key).Select(p =>
            $"node {p.Key}: {p.Value.PlatformIds?.Count.ToString(CultureInfo.InvariantCulture) ?? "?"}" +
            (p.Value.PlatformIds is null ? "" : string.Create(CultureInfo.InvariantCulture, $" ({cameras[p.Key]:N0} cameras)"))));
        progress.Info($"{Node.Members.Count} nodes up, clocks in step; platforms per node: {hosted}");
        _events.Add($"cluster of {Node.Members.Count} nodes; platforms per node: {hosted}");
        if (Cluster.GeneratorApart)
        {
            // Node 1 drives every platform, even where a node joining from another host has the load role too.
            const string apart = "load generated on node 1 only, apart from the tree (--generator-apart): node 1 hosts no platform, point or city";
            progress.Info(apart);
            _events.Add(apart);
            return;
        }
        Spread = await LoadSpread.PlanAsync(Node, Placement, Options.Plans, Topology.Platforms.Count);
        progress.Info(Spread?.Describe() ?? "load generated on this node only: the streams cannot be split, or no other node generates load");
        if (Spread is not null) _events.Add(Spread.Describe());
    }

    /// <summary>The tree as the engine drives it, reporting to <paramref name="observer"/>.</summary>
    public IMonitoringTree CreateTree(IOperationObserver observer) =>
        Province?.CreateTree(observer) ?? Node?.CreateTree(observer) ?? throw new InvalidOperationException("no tree in a self-test run");

    /// <summary>The city's roll-up now (unknown without a tree).</summary>
    public async Task<TreeStatus> CityStatusAsync()
    {
        if (Province is not null) return await Province.StatusAsync();
        if (Node is null) return TreeStatus.Unknown;
        var s = await Node.CityStatusAsync();
        return new TreeStatus(s.CamerasOnline, s.CamerasOffline, s.ActiveAlarms);
    }

    /// <summary>Every reachable node's report, by node number (empty without a tree).</summary>
    public async Task<Dictionary<int, NodeReport>> ReportsAsync()
    {
        var reports = new Dictionary<int, NodeReport>();
        if (Node is null) return reports;
        foreach (var member in Node.Members)
        {
            try
            {
                var report = await Node.AgentOf(member).Ask<NodeReport>(GetNodeReport.Instance, TimeSpan.FromSeconds(5));
                reports[NumberOf(report)] = report;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                // An unreachable member (killed, not yet downed) has no report.
            }
        }
        return reports;
    }

    /// <summary>
    /// Collects every node's heap, compacted (<see cref="CompactedHeap"/>): this process's, then each other member's
    /// through its agent, one after another so that no two collections overlap on the cores they share. A member that
    /// does not answer within 30 s is left as it is (a sizing trial goes on without it).
    /// </summary>
    public async Task CollectHeapsAsync()
    {
        CompactedHeap.Collect();
        if (Node is null) return;
        var self = Akka.Cluster.Cluster.Get(Node.System).SelfAddress;
        foreach (var member in Node.Members.Where(m => m != self))
        {
            try
            {
                await Node.AgentOf(member).Ask<HeapCollected>(CollectHeap.Instance, TimeSpan.FromSeconds(30));
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                // An unreachable member (killed, not yet downed) keeps its heap.
            }
        }
    }

    private int NumberOf(NodeReport report)
    {
        if (report.Address == Akka.Cluster.Cluster.Get(Node!.System).SelfAddress.ToString()) return 1;
        var local = Workers?.Workers.FirstOrDefault(w => w.ProcessId == report.ProcessId).Number ?? 0;
        if (local > 0) return local;
        if (_remoteNumbers.TryGetValue(report.Address, out var known)) return known;
        return _remoteNumbers[report.Address] = Cluster.Nodes + _remoteNumbers.Count + 1;
    }

    /// <summary>What every node used by <paramref name="atEnd"/>; a node gone by then (killed, or downed and exited) is
    /// still listed, with what it hosted at the start.</summary>
    public List<NodeUsage> Usages(IReadOnlyDictionary<int, NodeReport> atEnd)
    {
        var usages = atEnd.OrderBy(r => r.Key).Select(r => new NodeUsage(r.Key, r.Value.Address, r.Value.Roles, r.Value.ProcessId,
            r.Value.CpuS, r.Value.PeakWorkingSetMb, r.Value.AllocatedMb, r.Value.PlatformIds?.Count, r.Value.Points)).ToList();
        foreach (var (number, before) in Placement.Where(s => !atEnd.ContainsKey(s.Key)))
        {
            var killed = Workers?.Workers.Any(w => w.Number == number && w.Killed) ?? false;
            usages.Add(new NodeUsage(number, before.Address, before.Roles, before.ProcessId, null, null, null, before.PlatformIds?.Count, before.Points,
                Killed: killed, Left: true));
        }
        return usages.OrderBy(u => u.Number).ToList();
    }

    /// <summary>Sets a node's sim clock to this one's reading. Asked again if unanswered: a worker that has only just
    /// joined may not have its agent up yet (the first ask then goes to dead letters), or may be too busy starting to
    /// answer within the timeout on a loaded machine (seen once in CI, over TLS). Adopting the same reading twice is
    /// harmless.</summary>
    private async Task SyncClockAsync(Address member, DateTime simAt, DateTime wallUtc, CancellationToken ct)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Node!.AgentOf(member).Ask<ClockSynced>(new SyncClock(simAt, wallUtc), TimeSpan.FromSeconds(10), ct);
                return;
            }
            catch (AskTimeoutException) when (attempt < attempts) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Node is not null) await Node.DisposeAsync();
            if (Province is not null) await Province.DisposeAsync();
        }
        finally
        {
            if (Workers is not null) await Workers.DisposeAsync();
        }
    }
}
