using MonitorSim.Cluster.Hosting;
using Akka.Actor;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Sharding;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Cascade;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using System.Diagnostics.CodeAnalysis;
using Xunit.Abstractions;

namespace MonitorSim.Cluster.Tests;

/// <summary>The managed heap is one per process: nothing else may allocate while these tests measure it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "An xunit collection definition: xunit's convention names it after the collection.")]
public sealed class HeapMeasurementCollection
{
    public const string Name = "heap measurement";
}

/// <summary>
/// Memory discipline (issue 16): what the tree holds per platform, point, camera and active alarm, measured as the
/// managed heap's growth (after a full, compacting collection) as entities are woken, cameras register and alarms are
/// raised, so that a regression shows as a
/// failed bound. The bounds are about twice the figures measured when they were set (docs/province.md#memory-per-entity),
/// loose enough for the collector's noise, tight enough that a camera turned into an actor (≈ 3 KB, as a point costs) or
/// a point's state doubled fails them. Memory store: the journal's events are on the heap too, as in the province run.
/// </summary>
[Collection(HeapMeasurementCollection.Name)]
public sealed class EntityMemoryTests(ITestOutputHelper output)
{
    private static readonly TopologySpec Base = new(100, 10_000, 20_000, 0, 0);

    [Fact]
    public async Task A_platform_and_a_point_each_cost_the_tree_no_more_than_their_measured_bytes()
    {
        // One system, woken by hand a level at a time: starting a system per shape moved the heap by megabytes of its own.
        var topology = TopologyBuilder.Build(new TopologySpec(1_000, 20_000, 20_000, 0, 0), 42);
        await using var node = await StartAsync(topology, wake: false);

        var before = await SettledHeapAsync();
        await Task.WhenAll(topology.Platforms.Select(p => node.Region.Ask<Awake>(new Wake(p.Id.Value, EntityIds.Platform(p.Id.Value)), Timeout)));
        var platformsUp = await SettledHeapAsync();
        await Task.WhenAll(topology.Points.Select(p => node.Region.Ask<Awake>(new Wake(p.Platform.Value, EntityIds.Point(p.Id.Value)), Timeout)));
        var pointsUp = await SettledHeapAsync();

        // A platform's figure includes its shard (one per platform) and its cameras' liveness arrays (20 cameras here).
        var perPlatform = (platformsUp - before) / (double)topology.Platforms.Count;
        var perPoint = (pointsUp - platformsUp) / (double)topology.Points.Count;
        output.WriteLine($"bytes per platform {perPlatform:N0}, per point {perPoint:N0}");

        Assert.InRange(perPlatform, 0, PlatformBoundBytes);
        Assert.InRange(perPoint, 0, PointBoundBytes);
    }

    [Fact]
    public void A_camera_as_its_platform_first_holds_it_costs_tens_of_bytes_not_an_actor()
    {
        // A camera is state inside its platform (DeviceLiveness's arrays) and one entry of the topology's camera → point
        // map, not an actor: a million cameras' liveness must stay tens of megabytes.
        const int cameras = 1_000_000;
        var before = Heap();
        var liveness = new DeviceLiveness(cameras, MonitoringRules.Standard);
        var perCamera = (Heap() - before) / (double)cameras;
        GC.KeepAlive(liveness);
        output.WriteLine($"bytes per camera in its platform's liveness {perCamera:N1}");

        Assert.InRange(perCamera, 1, CameraBoundBytes);
    }

    [Fact]
    public void A_catalog_item_costs_the_city_and_the_province_a_fraction_of_a_byte_each()
    {
        // The city's catalog of its cameras and the province's copy of it, item by item: a status bit per camera keyed by
        // its index, not an object or a dictionary entry (which would be 40–100 B an item, 40–100 MB a million cameras).
        // Counted as the bytes this thread allocates to build each (what the catalog keeps: it allocates nothing else), so
        // that no other test's threads, or an actor system still shutting down, move the figure.
        const int cameras = 1_000_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var city = new CatalogTable(cameras);
        var cityUp = GC.GetAllocatedBytesForCurrentThread();
        var province = new CatalogMirror(cameras);
        var perCityItem = (cityUp - before) / (double)cameras;
        var perProvinceItem = (GC.GetAllocatedBytesForCurrentThread() - cityUp) / (double)cameras;
        GC.KeepAlive(city);
        GC.KeepAlive(province);
        output.WriteLine($"bytes per catalog item at the city {perCityItem:N3}, at the province {perProvinceItem:N3}");

        Assert.InRange(perCityItem, 0.1, CatalogItemBoundBytes);
        Assert.InRange(perProvinceItem, 0.1, CatalogItemBoundBytes);
    }

    [Fact]
    public async Task A_registered_camera_and_an_active_alarm_cost_no_more_than_their_measured_bytes()
    {
        var topology = TopologyBuilder.Build(Base, 42);
        var outcomes = new OutcomeCollector();
        await using var node = await StartAsync(topology, wake: true);
        var tree = node.CreateTree(outcomes);

        var beforeRegistration = await SettledHeapAsync();
        for (var c = 0; c < topology.CameraCount; c++) tree.Register(new CameraId(c), TreeFixture.Ticket(c));
        Assert.All(await outcomes.NextAsync(topology.CameraCount), o => Assert.Equal(OpStatus.Ok, o.Status));
        var registered = await SettledHeapAsync();
        var perRegistration = (registered - beforeRegistration) / (double)topology.CameraCount;

        const int alarms = 5_000;
        var beforeAlarms = registered;
        for (var a = 0; a < alarms; a++) tree.RaiseAlarm(new CameraId(a * (topology.CameraCount / alarms)), AlarmType.DeskUnattended, TreeFixture.Ticket(a));
        Assert.All(await outcomes.NextAsync(alarms), o => Assert.Equal(OpStatus.Ok, o.Status));
        var status = await node.CityStatusAsync();
        var perAlarm = (await SettledHeapAsync() - beforeAlarms) / (double)alarms;
        output.WriteLine($"bytes per registration {perRegistration:N0}, per active alarm {perAlarm:N0} ({status.ActiveAlarms:N0} active)");

        Assert.Equal(alarms, status.ActiveAlarms);
        Assert.InRange(perRegistration, 0, RegistrationBoundBytes);
        Assert.InRange(perAlarm, 0, AlarmBoundBytes);
    }

    // About twice the figures measured on 2026-12-03 (Debug build, docs/province.md#memory-per-entity): a platform with
    // its shard and 20 cameras 13,511 B, a point 3,419 B, a camera in its platform's liveness 21.0 B, a registration
    // 332 B (its journal event in the memory store included), an active alarm 545–899 B (platform, city, the point's
    // recent copies and the journal).
    private const double PlatformBoundBytes = 30_000;
    private const double PointBoundBytes = 7_000;
    private const double CameraBoundBytes = 50;
    private const double RegistrationBoundBytes = 700;
    private const double AlarmBoundBytes = 2_000;
    // A catalog item (city or province) measured 0.125 B on 2026-12-03: one bit. A byte or more an item (a bool, a
    // struct, an object) fails.
    private const double CatalogItemBoundBytes = 0.5;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static Task<TreeNode> StartAsync(CityTopology topology, bool wake) =>
        TreeNode.StartAsync(new TreeNodeOptions(topology, MonitoringRules.Standard, new ManualSimClock(TreeFixture.Start, compression: 1),
            StoreSettings.Memory, TimeSpan.FromSeconds(5), Membership: wake ? null : new ClusterMembership([], [ClusterMembership.TreeRole], WakeTree: false)));

    /// <summary>
    /// The heap after a full collection, read again every <see cref="SettleInterval"/> until two readings differ by less
    /// than <see cref="SettledWithinBytes"/>: an actor system let go by an earlier test, or this node's own start-up
    /// buffers, can be released for a second or more afterwards, and a release inside a measured window reads as a
    /// negative cost (CI on 2026-12-08 read −21 B a registration against 332 B measured). The bound is at most 3 % of
    /// what a window measures (1.5 % of 20,000 registrations' ≈ 6.6 MB, 2.9 % of 5,000 alarms' ≈ 3.5 MB; less of the
    /// platforms' and points').
    /// </summary>
    private static async Task<long> SettledHeapAsync()
    {
        var last = Heap();
        for (var reading = 0; reading < MaxSettleReadings; reading++)
        {
            await Task.Delay(SettleInterval);
            var now = Heap();
            if (Math.Abs(now - last) < SettledWithinBytes) return now;
            last = now;
        }
        return last;
    }

    private const long SettledWithinBytes = 100_000;
    private const int MaxSettleReadings = 40;
    private static readonly TimeSpan SettleInterval = TimeSpan.FromMilliseconds(250);

    private static long Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
