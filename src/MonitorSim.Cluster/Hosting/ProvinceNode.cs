using Akka.Actor;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Hosting;

/// <summary>
/// The province platform of a GB/T 28181 cascade, in an actor system of its own: a province and its cities are separate
/// deployments that reach each other over the network, as the cascade's platforms do. Each city's tree
/// (<see cref="TreeNode"/> with <see cref="TreeNodeOptions.Province"/> = <see cref="Uplink"/>) registers with it.
/// </summary>
public sealed class ProvinceNode : IAsyncDisposable
{
    /// <summary>The province system's name (a city's tree is <see cref="TreeNode.SystemName"/>).</summary>
    public const string SystemName = "province";

    private readonly IHost _host;

    private ProvinceNode(IHost host, ActorSystem system, IActorRef province)
    {
        _host = host;
        System = system;
        Province = province;
    }

    public ActorSystem System { get; }

    public IActorRef Province { get; }

    /// <summary>The province platform's remote path, for the cities' <see cref="ProvinceUplink"/>.</summary>
    public string Path => Province.Path.ToStringWithAddress(((ExtendedActorSystem)System).Provider.DefaultAddress);

    /// <summary>What a city named <paramref name="city"/> needs to cascade here.</summary>
    public ProvinceUplink Uplink(string city) => new(city, Path);

    /// <param name="cityKeepaliveWall">The cities' keepalive period in wall time: a city silent for three of them loses
    /// its session.</param>
    /// <param name="store">Where the province journals the alarms it records (its cities' store); null = memory, which
    /// outlives a crash of the province platform (its actor restarts in the same system) but not the process.</param>
    /// <param name="journalKey">Tells this province's journal from another's on the same store (the province's fingerprint).</param>
    /// <param name="snapshotEvery">Journal events between two snapshots of the province's alarms.</param>
    public static async Task<ProvinceNode> StartAsync(TimeSpan cityKeepaliveWall, string hostname = "127.0.0.1", int port = 0,
        ILoggerProvider? logging = null, StoreSettings? store = null, string journalKey = "default",
        int snapshotEvery = ProvinceActor.DefaultSnapshotEvery, CancellationToken ct = default)
    {
        store ??= StoreSettings.Memory;
        if (store.SqlitePath is { } file)
        {
            try { SqliteStore.Prepare(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                throw new TreeStartException($"cannot open the store {store.Display}: {e.Message}");
            }
        }
        var host = new HostBuilder()
            .ConfigureLogging(l =>
            {
                l.ClearProviders();
                if (logging is not null) l.AddProvider(logging);
            })
            .ConfigureServices(services => services
                .AddSingleton<IHostLifetime, OwnerControlledLifetime>()
                .AddAkka(SystemName, (b, _) => StorePlugins.Configure(b, store)
                    .ConfigureLoggers(l => { l.ClearLoggers(); l.AddLoggerFactory(); })
                    .WithMonitorSimSerialization()
                    .WithRemoting(RemotingSecurity.Options(hostname, port, null))
                    .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off\nakka.stdout-loglevel = WARNING", HoconAddMode.Prepend)))
            .Build();
        await host.StartAsync(ct);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var province = system.ActorOf(ProvinceActor.Props(3 * cityKeepaliveWall, journalKey, snapshotEvery), "province");
        return new ProvinceNode(host, system, province);
    }

    public Task<ProvinceStatus> StatusAsync(TimeSpan? timeout = null) =>
        Province.Ask<ProvinceStatus>(GetProvinceStatus.Instance, timeout ?? TimeSpan.FromSeconds(5));

    /// <summary>The province's copy of <paramref name="city"/>'s catalog, item by item (empty for a city never registered).</summary>
    public Task<CatalogView> CatalogAsync(string city, TimeSpan? timeout = null) =>
        Province.Ask<CatalogView>(new GetProvinceCatalog(city), timeout ?? TimeSpan.FromSeconds(5));

    /// <summary>Fault injection: the province answers nothing for <paramref name="downFor"/>, then restarts (its alarms
    /// recovered from its journal, its sessions gone: every city registers again and re-syncs).</summary>
    public void Crash(TimeSpan downFor) => Province.Tell(new CrashProvince(downFor));

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await _host.StopAsync(cts.Token); }
        finally { _host.Dispose(); }
    }
}
