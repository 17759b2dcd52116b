using System.Globalization;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Cli.Running;

/// <summary>
/// The monitoring tree as a run or a sizing series starts it: on a one-node cluster, or on this process plus local worker
/// node processes (and nodes joining from other hosts). It keeps the nodes' numbers (1 is this process, local workers 2 …
/// N, nodes from other hosts after them), sets every node's sim clock to this one's, and asks them what they used and host.
/// Disposing it stops the tree and then the worker processes: none outlives it, however it ends.
/// </summary>
public sealed class TreeCluster : IAsyncDisposable
{
    private readonly ClusterSettings _settings;
    private readonly Dictionary<string, int> _remoteNumbers = [];

    private TreeCluster(TreeNode node, LocalNodes? workers, ClusterSettings settings)
    {
        Node = node;
        Workers = workers;
        _settings = settings;
    }

    /// <summary>This process's node: the coordinator of a multi-node cluster.</summary>
    public TreeNode Node { get; }

    /// <summary>The local worker node processes; null on one node or with remote nodes only.</summary>
    public LocalNodes? Workers { get; }

    public ClusterSettings Settings => _settings;

    /// <summary>Starts the tree of <paramref name="scenario"/> on the cluster <paramref name="settings"/> describes. Worker
    /// nodes load the same scenario file and store, and start with this clock's reading; their logs go to
    /// <paramref name="logFolder"/>.</summary>
    public static async Task<TreeCluster> StartAsync(ScenarioDefinition scenario, CityTopology topology, SimClock clock, StoreSettings store,
        ILoggerProvider log, ClusterSettings settings, string logFolder, IRunProgress progress, CancellationToken ct)
    {
        LocalNodes? workers = null;
        var membership = settings.IsMultiNode
            ? new ClusterMembership([], [ClusterMembership.TreeRole, ClusterMembership.LoadRole], settings.TreeNodes, WakeTree: true,
                WhenUp: (self, _) =>
                {
                    if (settings.RemoteNodes > 0) progress.Info($"waiting for {settings.RemoteNodes} node(s) to join at {self} (monitorsim node --seed {self} …)");
                    if (settings.Nodes > 1) workers = LocalNodes.Start(settings.Nodes - 1, WorkerArgs(scenario, settings, self, clock), logFolder);
                    return Task.CompletedTask;
                })
            : ClusterMembership.SingleNode;
        try
        {
            var node = await TreeNode.StartAsync(new TreeNodeOptions(topology, TreeSetup.Rules(scenario), clock, store, scenario.Monitoring.SweepInterval,
                settings.Hostname, settings.Port, log, Membership: membership, Tls: settings.Tls, Partitionable: TreeSetup.Partitionable(scenario)), ct);
            return new TreeCluster(node, workers, settings);
        }
        catch
        {
            if (workers is not null) await workers.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sets every member's sim clock to this one's reading (worker nodes started with an earlier reading, and a
    /// store with history may have shifted this clock since).</summary>
    public async Task SyncClocksAsync(SimClock clock, CancellationToken ct)
    {
        var (simAt, wallUtc) = clock.Reading();
        foreach (var member in Node.Members) await SyncClockAsync(member, simAt, wallUtc, ct);
    }

    /// <summary>Every reachable node's report, by node number.</summary>
    public async Task<Dictionary<int, NodeReport>> ReportsAsync()
    {
        var reports = new Dictionary<int, NodeReport>();
        foreach (var member in Node.Members)
        {
            try
            {
                var report = await Node.AgentOf(member).Ask<NodeReport>(GetNodeReport.Instance, TimeSpan.FromSeconds(5));
                var local = Workers?.Workers.FirstOrDefault(w => w.ProcessId == report.ProcessId).Number ?? 0;
                var number = report.Address == Akka.Cluster.Cluster.Get(Node.System).SelfAddress.ToString() ? 1
                    : local > 0 ? local
                    : _remoteNumbers.TryGetValue(report.Address, out var known) ? known
                    : _remoteNumbers[report.Address] = _settings.Nodes + _remoteNumbers.Count + 1;
                reports[number] = report;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                // An unreachable member (killed, not yet downed) has no report.
            }
        }
        return reports;
    }

    /// <summary>What every node used between two sets of reports; a node gone by the end (killed, or downed and exited) is
    /// still listed, with what it hosted at the start.</summary>
    public List<NodeUsage> Usages(Dictionary<int, NodeReport> atEnd, Dictionary<int, NodeReport> atStart)
    {
        var usages = atEnd.OrderBy(r => r.Key).Select(r => new NodeUsage(r.Key, r.Value.Address, r.Value.Roles, r.Value.ProcessId,
            r.Value.CpuS, r.Value.PeakWorkingSetMb, r.Value.AllocatedMb, r.Value.PlatformIds?.Count, r.Value.Points)).ToList();
        foreach (var (number, before) in atStart.Where(s => !atEnd.ContainsKey(s.Key)))
        {
            var killed = Workers?.Workers.Any(w => w.Number == number && w.Killed) ?? false;
            usages.Add(new NodeUsage(number, before.Address, before.Roles, before.ProcessId, null, null, null, before.PlatformIds?.Count, before.Points,
                Killed: killed, Left: true));
        }
        return usages.OrderBy(u => u.Number).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Node.DisposeAsync();
        }
        finally
        {
            if (Workers is not null) await Workers.DisposeAsync();
        }
    }

    /// <summary>The arguments of every worker node: the same scenario, seed, store and security as this run, this node as
    /// the seed, and this clock's reading so that sim time agrees from the start.</summary>
    private static List<string> WorkerArgs(ScenarioDefinition scenario, ClusterSettings settings, string seed, SimClock clock)
    {
        if (scenario.SourceFile.Length == 0 || !File.Exists(scenario.SourceFile))
            throw new InvalidOperationException("a multi-node run needs its scenario as a file: the worker nodes load the same one");
        var (simAt, wallUtc) = clock.Reading();
        var args = new List<string>
        {
            scenario.SourceFile, "--seed", seed, "--hostname", settings.Hostname, "--store", scenario.Store,
            "--topology-seed", scenario.Seed.ToString(CultureInfo.InvariantCulture),
            // Every local node hosts platforms and drives their cameras' load.
            "--role", ClusterMembership.TreeRole, "--role", ClusterMembership.LoadRole,
            "--clock", $"{simAt.ToString("O", CultureInfo.InvariantCulture)}@{wallUtc.ToString("O", CultureInfo.InvariantCulture)}",
        };
        if (settings.Tls is { } tls)
        {
            args.AddRange(["--tls-cert", tls.CertificatePath, "--tls-ca", tls.CaCertificatePath]);
            if (tls.CertificatePassword is { } pw) args.AddRange(["--tls-password", pw]);
        }
        return args;
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
                await Node.AgentOf(member).Ask<ClockSynced>(new SyncClock(simAt, wallUtc), TimeSpan.FromSeconds(10), ct);
                return;
            }
            catch (AskTimeoutException) when (attempt < attempts) { }
        }
    }
}
