using Akka.Actor;
using Akka.Cluster.Sharding;
using Microsoft.Extensions.Logging;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Nodes;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Session;

/// <summary>
/// A province on several local nodes (<c>monitorsim run PROVINCE --nodes N</c>). Each city stays a cluster of its own (a
/// city and its province are separate deployments, as in GB/T 28181), but each city's cluster now spans the worker nodes
/// 2 … N, which host its platforms and points (sharded by platform) and its city platform (a singleton on the oldest of
/// them). This process — node 1, the coordinator — is a member of every city's cluster without the <c>tree</c> role, so it
/// holds proxies only: it drives the load and wakes each city's tree, and the one platform it holds is the province's.
/// Each worker joins the cities in another order (node n starts with city n − 2), so the city platforms spread over the
/// workers (sharded by city). The city platforms reach the province over remoting, as before.
/// </summary>
public static class ProvinceAcrossNodes
{
    /// <summary>Starts every city's coordinator member here, then the worker processes (once every city's seed is known),
    /// and returns once every city's tree is awake on the workers.</summary>
    public static async Task<(IReadOnlyList<TreeNode> Cities, LocalNodes Workers)> StartAsync(ScenarioDefinition scenario, ProvinceTopology topology,
        SimClock clock, StoreSettings store, ClusterSettings cluster, string folder, ProvinceNode province, ILoggerProvider log, IRunProgress progress,
        CancellationToken ct)
    {
        var count = topology.Cities.Count;
        var workerCount = cluster.Nodes - 1;
        var seeds = new string[count];
        var up = 0;
        LocalNodes? workers = null;
        Task WhenUp(int k, string self)
        {
            seeds[k] = $"{topology.Names[k]}={self}";
            if (Interlocked.Increment(ref up) < count) return Task.CompletedTask;
            progress.Info($"every city's cluster is up here; starting {workerCount} node processes to host the cities …");
            workers = LocalNodes.Start(workerCount, n => WorkerNodeOptions.ForProvinceWorker(scenario, cluster, Rotated(seeds, n - 2), province.Path,
                clock.Reading()), folder);
            return Task.CompletedTask;
        }
        var rules = TreeSetup.Rules(scenario);
        var wakeTimeout = scenario.StartTimeout ?? WakeDeadline(topology);
        var starts = Enumerable.Range(0, count).Select(k => TreeNode.StartAsync(new TreeNodeOptions(topology.Cities[k], rules, clock, store,
            scenario.Monitoring.SweepInterval, cluster.Hostname, 0, log, WakeTimeout: wakeTimeout,
            Membership: new ClusterMembership([], [ClusterMembership.LoadRole], workerCount, WakeTree: true, WhenUp: (self, _) => WhenUp(k, self),
                JoinWait: JoinWait(count), HeartbeatPause: HeartbeatPause),
            Province: province.Uplink(topology.Names[k])), ct)).ToArray();
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            foreach (var started in starts.Where(s => s.IsCompletedSuccessfully)) await started.Result.DisposeAsync();
            if (workers is not null) await workers.DisposeAsync();
            throw;
        }
        return (starts.Select(s => s.Result).ToList(), workers!);
    }

    /// <summary>How long waking each city's tree may take when the scenario sets no <c>start_timeout</c>: the deadline of
    /// the whole province's entities, not of the city's own. The cities wake side by side on the same workers, so each
    /// gets a share of their CPU: with a city's own deadline the smallest of Jiangsu's 13 (zhenjiang, 6,660 entities,
    /// 37 s) ran out at 178 entities a second while the others woke beside it (2026-12-04, Release, quiet machine).</summary>
    public static TimeSpan WakeDeadline(ProvinceTopology topology) =>
        TreeNodeOptions.StartDeadline(topology.Cities.Sum(c => c.Platforms.Count + c.Points.Count));

    /// <summary>How long a member of a province's city clusters may stop sending heartbeats before the others find it
    /// unreachable and the split-brain resolver downs it. At the one-city 3 s, Jiangsu's million cameras across 3 nodes
    /// lost node 3 from its cities during the start: on 2 cores, with 13 actor systems a process and a worker heap past
    /// 2 GB, heartbeats went out 3.7 s apart, and every city's platforms ended on node 2 (2026-12-04, Release, quiet
    /// machine). A crashed worker is then noticed in 15 s, and downed 5 s later.</summary>
    public static readonly TimeSpan HeartbeatPause = TimeSpan.FromSeconds(15);

    /// <summary>How long a city's cluster may take to form: each worker starts one actor system per city, and 13 of them
    /// at once at load average 45 took a city past the one-city wait (30 s to join, 60 s for every node).</summary>
    public static TimeSpan JoinWait(int cities) => TimeSpan.FromSeconds(30 + 10 * cities);

    /// <summary><paramref name="seeds"/> starting at index <paramref name="first"/> (mod its length).</summary>
    private static string[] Rotated(string[] seeds, int first) =>
        Enumerable.Range(0, seeds.Length).Select(i => seeds[(first + i) % seeds.Length]).ToArray();

    /// <summary>Every member of every city's cluster follows this process's sim clock (it may have moved on a day after
    /// the workers started).</summary>
    public static async Task SyncClocksAsync(IReadOnlyList<TreeNode> cities, SimClock clock, CancellationToken ct)
    {
        var (simAt, wallUtc) = clock.Reading();
        foreach (var city in cities)
        foreach (var member in city.Members)
            await city.AgentOf(member).Ask<ClockSynced>(new SyncClock(simAt, wallUtc), TimeSpan.FromSeconds(10), ct);
    }

    /// <summary>Where a city's tree lives, as its own cluster says: the node hosting its city platform, and how many tree
    /// entities (platforms and points) each member's shard region hosts by the shard coordinator's count.</summary>
    public static async Task<CityPlacement> PlacementAsync(TreeNode city)
    {
        var stats = await city.Region.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(10));
        var entities = stats.Regions.ToDictionary(r => r.Key.ToString(), r => r.Value.Stats.Values.Sum());
        string? cityPlatform = null;
        foreach (var member in city.Members)
        {
            // The singleton manager's child: /user/city/city on the node that hosts the city platform, nothing elsewhere.
            var identity = await city.System.ActorSelection(new RootActorPath(member) / "user" / "city" / "city")
                .Ask<ActorIdentity>(new Identify(member.ToString()), TimeSpan.FromSeconds(5));
            if (identity.Subject is not null) cityPlatform = member.ToString();
        }
        return new CityPlacement(Akka.Cluster.Cluster.Get(city.System).SelfAddress.ToString(), cityPlatform, entities);
    }
}

/// <summary>The node numbers of a city's cluster members: 1 for this process, a local worker's by its process id.</summary>
public static class ProvinceNodeNumbers
{
    /// <summary>How long a member's node agent may take to answer. Its report counts the entities its shard region hosts,
    /// and a worker of the million-camera province, waking 13 cities' shares at once, took longer than 10 s (2026-12-04).</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(30);

    /// <summary>Member address → node number, asked of each member's node agent.</summary>
    public static async Task<Dictionary<string, int>> OfAsync(TreeNode city, LocalNodes workers)
    {
        var numbers = new Dictionary<string, int>();
        foreach (var member in city.Members)
        {
            var report = await city.AgentOf(member).Ask<NodeReport>(GetNodeReport.Instance, AnswerWithin);
            numbers[member.ToString()] = report.ProcessId == Environment.ProcessId ? 1
                : workers.Workers.FirstOrDefault(w => w.ProcessId == report.ProcessId).Number;
        }
        return numbers;
    }

    /// <summary>One line per city: which node hosts its city platform, and its platforms and points per node.</summary>
    public static async Task<List<string>> DescribeAsync(ProvinceCascade province)
    {
        var lines = new List<string>();
        // Where each city platform registered from, as the province platform saw it (a city registers as its city
        // platform starts: allow it a few seconds).
        var status = await province.Province.StatusAsync();
        for (var wait = 0; wait < 50 && province.Topology.Names.Any(n => status.Cities.GetValueOrDefault(n)?.RegisteredFrom is null); wait++)
        {
            await Task.Delay(200);
            status = await province.Province.StatusAsync();
        }
        for (var k = 0; k < province.Cities.Count; k++)
        {
            var city = province.Cities[k];
            Dictionary<string, int> numbers;
            CityPlacement placement;
            try
            {
                numbers = await OfAsync(city, province.Workers!);
                placement = await ProvinceAcrossNodes.PlacementAsync(city);
            }
            catch (AskTimeoutException e)
            {
                // Where a city went is a description, not the run: a member too busy to say is reported, and the run goes on.
                lines.Add($"city {province.Topology.Names[k]}: placement not known, a member of its cluster did not answer ({e.Message})");
                continue;
            }
            string Node(string? address) => address is not null && numbers.TryGetValue(address, out var n) ? $"node {n}" : "no node";
            var from = status.Cities.GetValueOrDefault(province.Topology.Names[k])?.RegisteredFrom;
            lines.Add($"city {province.Topology.Names[k]}: city platform on {Node(placement.CityPlatform)}, registered with the province from {Node(from)}; " +
                      "platforms and points per node: " +
                      string.Join(", ", placement.EntitiesByMember.OrderBy(e => Node(e.Key), StringComparer.Ordinal).Select(e => $"{Node(e.Key)}: {e.Value:N0}")));
        }
        return lines;
    }
}

/// <summary>Where one city's tree lives on a province across nodes (addresses of that city's cluster).</summary>
/// <param name="Coordinator">This process's member of the city's cluster.</param>
/// <param name="CityPlatform">The member hosting the city platform; null if none answered.</param>
/// <param name="EntitiesByMember">Platforms and points per member hosting any (by the shard coordinator).</param>
public sealed record CityPlacement(string Coordinator, string? CityPlatform, IReadOnlyDictionary<string, int> EntitiesByMember);
