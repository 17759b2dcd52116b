using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Sharding;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Storage;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Hosting;

/// <summary>
/// One running node of the tree: an Akka.NET cluster member hosting the platform shards, the city singleton and the
/// journal. One process is a one-node cluster. Shared by the CLI, the node command, tests and benchmarks.
/// </summary>
public sealed class TreeNode : IAsyncDisposable
{
    private readonly IHost _host;

    private TreeNode(IHost host, ActorSystem system, IActorRef region, IActorRef city, TreeNodeOptions options, LocalEntities entities)
    {
        _host = host;
        System = system;
        Region = region;
        City = city;
        Options = options;
        Entities = entities;
    }

    public ActorSystem System { get; }

    /// <summary>The shard region that hosts every platform and point.</summary>
    public IActorRef Region { get; }

    /// <summary>The platform and point entity actors running on this node: where its port and its camera gateway send
    /// device messages without the region.</summary>
    public LocalEntities Entities { get; }

    /// <summary>Proxy to the city platform singleton.</summary>
    public IActorRef City { get; }

    /// <summary>The shard region that hosts every clue of the supervision workflows.</summary>
    public IActorRef Clues => ActorRegistry.For(System).Get<ClueRegionKey>();

    /// <summary>The shard region of co-handled requests.</summary>
    public IActorRef CoHandling => ActorRegistry.For(System).Get<CoHandlingRegionKey>();

    public TreeNodeOptions Options { get; }

    /// <summary>This city's journal key (its topology's fingerprint), computed once at start.</summary>
    public string JournalKey { get; private init; } = "";

    /// <summary>Wall time to start the system and wake every platform and point (recovery included).</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>Part of <see cref="StartTime"/> until the node was Up in its cluster.</summary>
    public TimeSpan ClusterUpTime { get; private set; }

    /// <summary>Sim time of the newest event any platform recovered from the store (default on an empty store).</summary>
    public DateTime HistoryUntil { get; private set; }

    /// <summary>Starts the node, forms (or joins) the cluster and wakes every entity of the tree.</summary>
    public static async Task<TreeNode> StartAsync(TreeNodeOptions options, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var topology = options.Topology;
        EntityIds.Prepare(topology.Platforms.Count, topology.Points.Count);
        if (options.Store.SqlitePath is { } file)
        {
            try { SqliteStore.Prepare(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                throw new TreeStartException($"cannot open the store {options.Store.Display}: {e.Message}");
            }
        }
        var context = new TreeContext(topology, options.Rules, options.Clock, options.SweepInterval, TopologyBuilder.Fingerprint(topology), Province: options.Province,
            ProvinceHops: options.Province is null ? null : new ProvinceHopLog());

        var host = new HostBuilder()
            .ConfigureLogging(l =>
            {
                l.ClearProviders();
                if (options.Logging is not null) l.AddProvider(options.Logging);
                l.SetMinimumLevel(LogLevel.Information);
            })
            .ConfigureServices(services => services
                // The process that owns the node decides when it stops (a run's end, Ctrl-C, SIGTERM): the host's default
                // console lifetime would catch SIGTERM itself and shut the actor system down under a run still going.
                .AddSingleton<IHostLifetime, OwnerControlledLifetime>()
                .AddAkka(SystemName, (b, _) => Configure(b, options, context)))
            .Build();
        await host.StartAsync(ct);

        var system = host.Services.GetRequiredService<ActorSystem>();
        var cluster = Akka.Cluster.Cluster.Get(system);
        var membership = options.Membership ?? ClusterMembership.SingleNode;
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        try
        {
            // Join/JoinSeedNodes return at once and the bounded wait below is the join timeout: JoinSeedNodesAsync waits
            // for Up without any bound, so a node every seed refuses (another CA's certificate, no TLS) would hang there.
            if (membership.SeedNodes.Count == 0)
                cluster.Join(cluster.SelfAddress);
            else
                cluster.JoinSeedNodes(membership.SeedNodes.Select(s => SeedAddress(s, cluster.SelfAddress.Protocol)));
            await up.Task.WaitAsync(membership.JoinTimeout, ct);
        }
        catch (Exception e)
        {
            // Whatever stopped the join (timeout, cancellation, a bad seed address), the system must not outlive it.
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
            if (e is not TimeoutException) throw;
            throw new TreeStartException(membership.SeedNodes.Count == 0
                ? $"the node did not come Up in its own cluster within {membership.JoinTimeout.TotalSeconds:0} s"
                : $"could not join the cluster at {string.Join(", ", membership.SeedNodes)} within {membership.JoinTimeout.TotalSeconds:0} s (is the seed running, on that port, with the same certificates?)");
        }

        var registry = ActorRegistry.For(system);
        var node = new TreeNode(host, system, registry.Get<TreeRegionKey>(), registry.Get<CityKey>(), options, context.Entities)
        {
            ClusterUpTime = Stopwatch.GetElapsedTime(started),
            JournalKey = context.JournalKey,
        };
        system.ActorOf(NodeAgent.Props(options.Clock, node.Region, membership.Roles), NodeAgent.Name);
        if (membership.HostsTree) system.ActorOf(CameraGateway.Props(node.Region, node.Entities), CameraGateway.Name);
        try
        {
            // The coordinator of a multi-node run waits for every tree node before waking the tree: the shards are
            // allocated as their first message arrives, to the node with the fewest, so they spread over all nodes.
            if (membership.WhenUp is { } whenUp)
            {
                var self = cluster.SelfAddress;
                await whenUp($"{self.Host}:{self.Port}", ct);
            }
            await node.WaitForTreeNodesAsync(membership.TreeNodes, 2 * membership.JoinTimeout, ct);
            if (membership.WakeTree)
            {
                node.HistoryUntil = await node.WakeAllAsync(options.WakeTimeout ?? TreeNodeOptions.StartDeadline(topology.Platforms.Count + topology.Points.Count), ct);
                system.ActorOf(TreeWarden.Props(node.Region, topology), "tree-warden");
            }
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        node.StartTime = Stopwatch.GetElapsedTime(started);
        return node;
    }

    /// <summary><c>host:port</c> → the address of a node of this cluster.</summary>
    /// <param name="protocol">This node's own (<c>akka.tcp</c>, or <c>akka.ssl.tcp</c> with TLS): every node of a cluster speaks the same.</param>
    private static Address SeedAddress(string hostPort, string protocol)
    {
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
            throw new TreeStartException($"seed node '{hostPort}' is not HOST:PORT");
        return new Address(protocol, SystemName, hostPort[..colon], port);
    }

    /// <summary>The actor system's name: every node of a run must use the same one to form a cluster.</summary>
    public const string SystemName = "monitorsim";

    private async Task WaitForTreeNodesAsync(int count, TimeSpan timeout, CancellationToken ct)
    {
        if (count <= 1) return;
        var cluster = Akka.Cluster.Cluster.Get(System);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        int UpTreeNodes() => cluster.State.Members.Count(m => m.Status == MemberStatus.Up && m.HasRole(ClusterMembership.TreeRole));
        while (UpTreeNodes() < count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TreeStartException($"only {UpTreeNodes()} of {count} tree nodes joined the cluster within {timeout.TotalSeconds:0} s");
            await Task.Delay(100, ct);
        }
        // A node is Up before its shard region has registered with the shard coordinator, and a shard is allocated only
        // among the regions registered when its first message arrives: wait until the coordinator knows every region.
        int regions = 0;
        while (regions < count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TreeStartException($"only {regions} of {count} tree nodes' shard regions registered within {timeout.TotalSeconds:0} s");
            try
            {
                var stats = await Region.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(2)), TimeSpan.FromSeconds(3), ct);
                regions = stats.Regions.Count;
            }
            catch (AskTimeoutException) { }
            if (regions < count) await Task.Delay(200, ct);
        }
    }

    /// <summary>Every member of the cluster, with its node agent (multi-node runs ask them for reports).</summary>
    public IReadOnlyList<Address> Members =>
        Akka.Cluster.Cluster.Get(System).State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address).ToList();

    /// <summary>The node agent of <paramref name="member"/>.</summary>
    public ActorSelection AgentOf(Address member) => System.ActorSelection(new RootActorPath(member) / "user" / NodeAgent.Name);

    private static void Configure(AkkaConfigurationBuilder b, TreeNodeOptions options, TreeContext context)
    {
        var membership = options.Membership ?? ClusterMembership.SingleNode;
        StorePlugins.Configure(b, options.Store);
        b.ConfigureLoggers(l =>
            {
                l.ClearLoggers();
                l.AddLoggerFactory();
            })
            // SQLite's events are written by the one writer of SqliteJournal (StorePlugins; docs/architecture.md#persistence-and-sharding),
            // so the plugin's write parallelism no longer applies. Reads in deferred transactions: Microsoft.Data.Sqlite begins a transaction
            // with BEGIN IMMEDIATE — the database's write lock — unless asked for read-uncommitted, which on a private cache
            // is a plain deferred BEGIN with SQLite's usual snapshot isolation (read_uncommitted only acts on a shared
            // cache). The plugin runs every read in a transaction, so by default each recovery look-up and each page of the
            // read side's events by tag queued behind the writer and held it up in turn (measured: while the year's read
            // side ran, clue filings stalled, 11 of 506 timed out, p99 10.9 s). Writes keep BEGIN IMMEDIATE.
            .AddHocon(options.Store.Kind == StoreKind.Sqlite
                ? "akka.persistence.journal.sql.read-isolation-level = read-uncommitted\n" +
                  "akka.persistence.query.journal.sql.read-isolation-level = read-uncommitted\n" +
                  "akka.persistence.snapshot-store.sql.read-isolation-level = read-uncommitted"
                : "", HoconAddMode.Prepend)
            .WithMonitorSimSerialization()
            .WithRemoting(RemotingSecurity.Options(options.Hostname, options.Port, options.Tls))
            .AddHocon(options.Partitionable ? "akka.remote.dot-netty.tcp.applied-adapters = [trttl]" : "", HoconAddMode.Prepend)
            // A worker's load report after a stall (its latency samples and acknowledged alarms since the last one) can pass
            // Akka's default 128,000-byte frame; one dropped report loses its samples.
            .AddHocon("akka.remote.dot-netty.tcp.maximum-frame-size = 1048576b", HoconAddMode.Prepend)
            // The owner stops the node (TreeNode.DisposeAsync) when its run or command ends, also on Ctrl-C and SIGTERM:
            // Akka's own exit hook would start shutting the system down at the signal, under a run still finishing.
            .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend)
            .WithClustering(new ClusterOptions
            {
                Roles = [.. membership.Roles],
                // Akka's default is the entry assembly's version, which differs between `monitorsim` and a host that runs
                // the same code in-process (a test host): shard allocation then prefers the "newer" node for every shard.
                // Every node of a run is this same build, so they all say so.
                AppVersion = typeof(TreeNode).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
                // Keep-oldest, not keep-majority: the oldest node is the run's coordinator (it starts first and the others
                // join it). It drives the load, holds the city singleton (singletons live on the oldest node) and writes the
                // reports, so whatever the partition, its side must survive; a worker cut off from it downs itself and its
                // platforms move to the coordinator's side. Down-if-alone stays off: a coordinator whose workers all died
                // carries on alone and reports what happened, rather than downing itself.
                SplitBrainResolver = new KeepOldestOption { DownIfAlone = false },
            })
            // A crashed node is noticed within the membership's heartbeat pause (3 s unless a province across nodes asks for
            // more) and downed once the view has been stable for 5 s (default 20 s): its platforms come back on the
            // survivors well within the 30 s target.
            .AddHocon(string.Create(CultureInfo.InvariantCulture, $"akka.cluster.failure-detector.acceptable-heartbeat-pause = {membership.AcceptableHeartbeatPause.TotalMilliseconds:0}ms\n") +
                      "akka.cluster.split-brain-resolver.stable-after = 5s", HoconAddMode.Prepend)
            .WithTreeRegions(context, membership.HostsTree)
            // Akka's own stdout logger (used while the system starts and stops) only speaks up for real trouble; the rest
            // goes to the run's log file. Added last so that it wins over what the logger setup writes.
            .AddHocon("akka.stdout-loglevel = WARNING\nakka.log-dead-letters-during-shutdown = off", HoconAddMode.Prepend);
    }

    /// <summary>Wakes every platform and point, a window at a time (<see cref="TreeWaker"/>); returns how far the
    /// recovered history runs (the newest platform event).</summary>
    private async Task<DateTime> WakeAllAsync(TimeSpan deadline, CancellationToken ct)
    {
        var topology = Options.Topology;
        var wakes = new List<Wake>(topology.Platforms.Count + topology.Points.Count);
        foreach (var p in topology.Platforms) wakes.Add(new Wake(p.Id.Value, EntityIds.Platform(p.Id.Value)));
        foreach (var p in topology.Points) wakes.Add(new Wake(p.Platform.Value, EntityIds.Point(p.Id.Value)));
        var done = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waker = System.ActorOf(TreeWaker.Props(Region, wakes, TreeNodeOptions.StallTimeout, deadline, Options.WakeProgress ?? (_ => { }), done), "tree-waker");
        try
        {
            // The waker fails the start itself at the deadline; waiting a stall timeout longer covers a waker that died.
            return await done.Task.WaitAsync(deadline + TreeNodeOptions.StallTimeout, ct);
        }
        catch (TimeoutException)
        {
            throw new TreeStartException($"the tree did not start within {deadline.TotalSeconds:0} s on store {Options.Store.Display} (the node's log says why)");
        }
        catch (TreeStartException e)
        {
            throw new TreeStartException($"{e.Message} on store {Options.Store.Display}; a platform that cannot recover from its journal " +
                                         "stays down (the node's log says why)");
        }
        finally
        {
            System.Stop(waker);
        }
    }

    /// <summary>A port for the load engine whose operations' outcomes go to <paramref name="observer"/>.</summary>
    public IMonitoringTree CreateTree(IOperationObserver observer) => new ClusterTree(System, Region, City, Clues, CoHandling, Options.Clock, Options.Topology, Entities, observer);

    /// <summary>The city's end of its cascade hop to the province (only with <see cref="TreeNodeOptions.Province"/>).</summary>
    public Task<ProvinceLinkStatus> ProvinceLinkStatusAsync(TimeSpan? timeout = null) =>
        City.Ask<ProvinceLinkStatus>(GetProvinceLinkStatus.Instance, timeout ?? TimeSpan.FromSeconds(5));

    /// <summary>Every city → province hop the city measured (only with <see cref="TreeNodeOptions.Province"/>).</summary>
    public Task<ProvinceHops> ProvinceHopsAsync(TimeSpan? timeout = null) =>
        City.Ask<ProvinceHops>(GetProvinceHops.Instance, timeout ?? TimeSpan.FromSeconds(10));

    /// <summary>Fault injection: the city's link to the province drops everything both ways for <paramref name="downFor"/>.</summary>
    public void CutProvinceLink(TimeSpan downFor) => City.Tell(new CutProvinceLink(downFor));

    /// <summary>The city platform's catalog, item by item (its platforms' cameras online or not).</summary>
    public Task<CatalogView> CityCatalogAsync(TimeSpan? timeout = null) =>
        City.Ask<CatalogView>(GetCityCatalog.Instance, timeout ?? TimeSpan.FromSeconds(5));

    public Task<CityStatus> CityStatusAsync(TimeSpan? timeout = null) =>
        City.Ask<CityStatus>(GetCityStatus.Instance, timeout ?? TimeSpan.FromSeconds(5));

    public Task<PlatformStatus> PlatformStatusAsync(int platform, TimeSpan? timeout = null) =>
        Region.Ask<PlatformStatus>(new GetPlatformStatus(platform), timeout ?? TimeSpan.FromSeconds(5));

    public Task<PointStatus> PointStatusAsync(int point, TimeSpan? timeout = null) =>
        Region.Ask<PointStatus>(new GetPointStatus(Options.Topology.Points[point].Platform.Value, point), timeout ?? TimeSpan.FromSeconds(5));

    /// <summary>The highest sequence number <paramref name="platform"/>'s journal stream holds now
    /// (<see cref="JournalReplay.HighestSequenceNrAsync"/>): where an audit of this run's writes starts. Not for the memory
    /// store.</summary>
    public Task<long> StoredHighestSequenceNrAsync(int platform, TimeSpan timeout)
    {
        if (Options.Store.Kind == StoreKind.Memory) throw new InvalidOperationException("the memory store's journal cannot be read back");
        return JournalReplay.HighestSequenceNrAsync(System, PlatformActor.PersistenceIdOf(JournalKey, platform), timeout);
    }

    /// <summary><paramref name="platform"/>'s journal stream from <paramref name="fromSequenceNr"/> on, each event told to
    /// <paramref name="onEvent"/> with its sequence number and, for a stored alarm, its id
    /// (<see cref="JournalAudit.AlarmsSinceAsync"/>). Not for the memory store: nothing outlives its processes, so there is
    /// nothing to read back.</summary>
    public Task StoredAlarmsSinceAsync(int platform, long fromSequenceNr, Action<long, long?> onEvent, CancellationToken ct = default)
    {
        if (Options.Store.Kind == StoreKind.Memory) throw new InvalidOperationException("the memory store's journal cannot be read back");
        return JournalAudit.AlarmsSinceAsync(System, PlatformActor.PersistenceIdOf(JournalKey, platform), fromSequenceNr, onEvent, ct);
    }

    /// <summary>The clues and co-handled requests among <paramref name="wanted"/> as the journal holds them; null for the
    /// memory store.</summary>
    public async Task<StoredSupervision?> StoredSupervisionAsync(Func<string, bool> wanted, CancellationToken ct = default)
    {
        if (Options.Store.Kind == StoreKind.Memory) return null;
        return await JournalAudit.StoredSupervisionAsync(System, wanted, ct);
    }

    /// <summary>Fault injection: the platform answers nothing for <paramref name="downFor"/>, then restarts and recovers.</summary>
    public void CrashPlatform(int platform, TimeSpan downFor) => Region.Tell(new Crash(platform, downFor));

    /// <summary>Fault injection: the city answers nothing for <paramref name="downFor"/>, then restarts with empty state.</summary>
    public void CrashCity(TimeSpan downFor) => City.Tell(new CrashCity(downFor));

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await _host.StopAsync(cts.Token); }
        finally { _host.Dispose(); }
    }
}

/// <summary>A host lifetime that listens to no signal: the node's owner stops the host.</summary>
internal sealed class OwnerControlledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
