using Akka.Actor;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// Catalog changes up the cascade, item by item: platform → city → province in the reports, with the acknowledgment of
/// each hop, and the province's pull of a city's catalog at each registration. Two tiny cities (three platforms, thirty
/// cameras each), each its own tree and actor system, and a province over remoting, as in <see cref="ProvinceCascadeTests"/>;
/// here the cities' sim clocks are the tests' to move (compression 1,000), so a camera can miss its keepalives.
/// </summary>
public sealed class ProvinceCatalogTests
{
    private static readonly string[] CityNames = ["xuzhou", "nanjing"];
    // A city silent for 3 × 5 s loses its session: longer than the cuts below, so a cut link keeps its session.
    private static readonly TimeSpan ProvinceKeepaliveWall = TimeSpan.FromSeconds(5);
    private static readonly CameraId Silent = new(7);

    [Fact]
    public async Task A_camera_that_goes_offline_at_its_platform_goes_offline_in_the_province_s_catalog_with_an_acknowledgment_at_each_hop()
    {
        await using var p = await CatalogProvince.StartAsync();
        var city = p.Cities[1];
        await city.RegisterAllAsync();
        await p.CatalogsEqualAsync(city, online: city.Topology.CameraCount);
        var platform = city.Topology.PlatformOf(Silent).Value;
        await Eventually.HoldsAsync(async () => Assert.Equal(0, (await city.Node.PlatformStatusAsync(platform)).CatalogChangesWaiting));
        var platformBefore = await city.Node.PlatformStatusAsync(platform);
        var linkBefore = await city.Node.ProvinceLinkStatusAsync();
        var provinceBefore = (await p.Province.StatusAsync()).Cities["nanjing"].Catalog!;

        await city.MissKeepalivesAsync(Silent);

        await Eventually.HoldsAsync(async () =>
        {
            var atProvince = await p.Province.Province.Ask<CatalogView>(new GetProvinceCatalog("nanjing"), TimeSpan.FromSeconds(5));
            Assert.False(IsOnline(atProvince, Silent.Value));
            Assert.Equal(city.Topology.CameraCount - 1, atProvince.Online);
            // Platform → city: the one change went up in a report the city acknowledged, and nothing waits.
            var platformNow = await city.Node.PlatformStatusAsync(platform);
            Assert.Equal((platformBefore.CatalogChangesAcknowledged + 1, 0), (platformNow.CatalogChangesAcknowledged, platformNow.CatalogChangesWaiting));
            // City → province: passed on as one change, acknowledged by the province, nothing waiting or in flight.
            var link = await city.Node.ProvinceLinkStatusAsync();
            Assert.Equal((linkBefore.ChangesForwarded + 1, linkBefore.ChangesAcknowledged + 1), (link.ChangesForwarded, link.ChangesAcknowledged));
            Assert.Equal((0, 0), (link.Waiting, link.InFlight));
            // As an item changed by a report, not by another pull.
            var catalog = (await p.Province.StatusAsync()).Cities["nanjing"].Catalog!;
            Assert.Equal((provinceBefore.ChangesApplied + 1, provinceBefore.Pulls), (catalog.ChangesApplied, catalog.Pulls));
        });
        await p.CatalogsEqualAsync(city, online: city.Topology.CameraCount - 1);
        // The other city's catalog at the province is untouched.
        Assert.Equal(0, (await p.Province.StatusAsync()).Cities["xuzhou"].Catalog!.ChangesApplied);
    }

    [Fact]
    public async Task A_catalog_change_made_while_the_link_to_the_province_is_cut_arrives_once_the_link_is_restored()
    {
        await using var p = await CatalogProvince.StartAsync();
        var city = p.Cities[0];
        await city.RegisterAllAsync();
        await p.CatalogsEqualAsync(city, online: city.Topology.CameraCount);
        var before = (await p.Province.StatusAsync()).Cities["xuzhou"];

        // Cut for longer than the city needs to see the camera go silent on a busy machine, but shorter than the province's
        // three keepalive periods (15 s), after which it would drop the session; restored by hand once checked.
        city.Node.CutProvinceLink(TimeSpan.FromSeconds(13));
        await city.MissKeepalivesAsync(Silent);
        await Eventually.HoldsAsync(async () => Assert.False(IsOnline(await city.Node.City.Ask<CatalogView>(GetCityCatalog.Instance), Silent.Value)));
        // The city knows; the province does not yet: the change waits in the city's uplink.
        Assert.True(IsOnline(await p.Province.Province.Ask<CatalogView>(new GetProvinceCatalog("xuzhou")), Silent.Value));
        Assert.Equal(1, (await city.Node.ProvinceLinkStatusAsync()).Waiting + (await city.Node.ProvinceLinkStatusAsync()).InFlight);
        city.Node.CutProvinceLink(TimeSpan.Zero);

        await p.CatalogsEqualAsync(city, online: city.Topology.CameraCount - 1, TimeSpan.FromSeconds(20));
        var atProvince = (await p.Province.StatusAsync()).Cities["xuzhou"];
        // Through the same session, as the change item itself: no registration again, no other pull.
        Assert.Equal((true, before.Registrations, before.Catalog!.Pulls), (atProvince.Registered, atProvince.Registrations, atProvince.Catalog!.Pulls));
        // At least the silent camera's change (on a machine busy enough for other cameras to miss a keepalive and come
        // back, their changes count too: a CI run saw 58 more); without any change applied the catalogs above could not
        // have ended equal, and no pull brought it.
        Assert.True(atProvince.Catalog.ChangesApplied >= before.Catalog.ChangesApplied + 1,
            $"changes applied {before.Catalog.ChangesApplied} before the cut, {atProvince.Catalog.ChangesApplied} after");
    }

    [Fact]
    public async Task After_a_city_restarts_the_province_pulls_its_catalog_again_and_ends_equal_to_the_city_s()
    {
        await using var p = await CatalogProvince.StartAsync();
        var city = p.Cities[1];
        await city.RegisterAllAsync();
        await p.CatalogsEqualAsync(city, online: city.Topology.CameraCount);

        // The camera goes offline while the link is cut, and the city platform crashes with the change unsent: the
        // restarted city never sees it change again (it starts with every camera offline), so only a pull tells the province.
        city.Node.CutProvinceLink(TimeSpan.FromSeconds(60));
        await city.MissKeepalivesAsync(Silent);
        await Eventually.HoldsAsync(async () => Assert.False(IsOnline(await city.Node.City.Ask<CatalogView>(GetCityCatalog.Instance), Silent.Value)));
        city.Node.CrashCity(TimeSpan.FromMilliseconds(500));

        await Eventually.HoldsAsync(async () =>
        {
            var atProvince = (await p.Province.StatusAsync()).Cities["nanjing"];
            Assert.Equal((true, 2, 2, true), (atProvince.Registered, atProvince.Registrations, atProvince.Catalog!.Pulls, atProvince.Catalog.Synced));
            Assert.NotNull(atProvince.Catalog.PullMs);
        }, TimeSpan.FromSeconds(30));
        await p.CatalogsEqualAsync(city, online: city.Topology.CameraCount - 1, TimeSpan.FromSeconds(30));
        Assert.False(IsOnline(await p.Province.Province.Ask<CatalogView>(new GetProvinceCatalog("nanjing")), Silent.Value));
        Assert.True((await city.Node.ProvinceLinkStatusAsync()).CatalogPagesSent > 0);
    }

    [Fact]
    public async Task A_report_of_catalog_changes_that_arrives_again_late_is_applied_once_at_the_province()
    {
        await using var province = await ProvinceNode.StartAsync(ProvinceKeepaliveWall);
        var at = province.Province;
        // The first answer waits for the province platform's recovery (its journal), slow on a busy machine.
        await at.Ask<CityRegistered>(new CityRegister("test", 100), TimeSpan.FromSeconds(30));

        CityReport Report(long seq, bool online) => new("test", seq, [], new RollUp(online ? 1 : 0, online ? 99 : 100, 0), [new CatalogChange(5, online)]);
        Assert.Equal(1, (await at.Ask<CityReportAck>(Report(1, online: true), TimeSpan.FromSeconds(5))).Seq);
        Assert.Equal(2, (await at.Ask<CityReportAck>(Report(2, online: false), TimeSpan.FromSeconds(5))).Seq);
        // Report 1 again (its acknowledgment was lost, and it went again): acknowledged, not applied — it would bring the
        // camera back online.
        Assert.Equal(1, (await at.Ask<CityReportAck>(Report(1, online: true), TimeSpan.FromSeconds(5))).Seq);

        var view = await at.Ask<CatalogView>(new GetProvinceCatalog("test"), TimeSpan.FromSeconds(5));
        var status = (await province.StatusAsync()).Cities["test"];
        Assert.False(IsOnline(view, 5));
        Assert.Equal(0, view.Online);
        Assert.Equal((2L, 2L, 1L), (status.Catalog!.ChangesReceived, status.Catalog.ChangesApplied, status.ReportsRepeated));
    }

    [Fact]
    public async Task A_platform_report_of_catalog_changes_that_arrives_again_late_is_applied_once_at_the_city()
    {
        await using var t = await TreeFixture.StartAsync();
        var platform = t.Topology.Platforms[2];
        var camera = platform.FirstCamera.Value + 1;
        // A platform registers anew (as after its restart): a fresh session at the city, numbering its reports from 1.
        await t.Node.City.Ask<CatalogQuery>(new PlatformRegister(platform.Id.Value, platform.CameraCount), TimeSpan.FromSeconds(5));

        PlatformReport Report(long seq, bool online) => new(platform.Id.Value, seq, [], RollUp.Zero, [new CatalogChange(camera, online)]);
        Assert.Equal(1, (await t.Node.City.Ask<PlatformReportAck>(Report(1, online: true), TimeSpan.FromSeconds(5))).Seq);
        Assert.Equal(2, (await t.Node.City.Ask<PlatformReportAck>(Report(2, online: false), TimeSpan.FromSeconds(5))).Seq);
        Assert.Equal(1, (await t.Node.City.Ask<PlatformReportAck>(Report(1, online: true), TimeSpan.FromSeconds(5))).Seq);

        var view = await t.Node.City.Ask<CatalogView>(GetCityCatalog.Instance, TimeSpan.FromSeconds(5));
        Assert.False(IsOnline(view, camera));
        Assert.Equal(0, view.Online);
    }

    private static bool IsOnline(CatalogView view, int camera) => (view.OnlineBits[camera / 64] & (1UL << (camera % 64))) != 0;

    /// <summary>One tiny city whose sim clock the test moves.</summary>
    private sealed class CatalogCity(TreeNode node, CityTopology topology, ManualSimClock clock)
    {
        public TreeNode Node { get; } = node;
        public CityTopology Topology { get; } = topology;
        public OutcomeCollector Outcomes { get; } = new();
        public IMonitoringTree Tree => _tree ??= Node.CreateTree(Outcomes);
        private IMonitoringTree? _tree;

        public async Task RegisterAllAsync()
        {
            for (var c = 0; c < Topology.CameraCount; c++) Tree.Register(new CameraId(c), TreeFixture.Ticket(c));
            Assert.All(await Outcomes.NextAsync(Topology.CameraCount), a => Assert.Equal(OpStatus.Ok, a.Status));
        }

        /// <summary>Every camera but <paramref name="silent"/> keeps alive each minute for three minutes; 185 s after its
        /// last word, <paramref name="silent"/> has missed three keepalives and its platform marks it offline.</summary>
        public async Task MissKeepalivesAsync(CameraId silent)
        {
            for (var minute = 1; minute <= 3; minute++)
            {
                clock.Advance(TimeSpan.FromSeconds(60));
                var sent = 0;
                for (var c = 0; c < Topology.CameraCount; c++)
                {
                    if (c == silent.Value) continue;
                    Tree.Keepalive(new CameraId(c), TreeFixture.Ticket(c));
                    sent++;
                }
                Assert.All(await Outcomes.NextAsync(sent), a => Assert.Equal(OpStatus.Ok, a.Status));
            }
            clock.Advance(TimeSpan.FromSeconds(5));
        }
    }

    private sealed class CatalogProvince(ProvinceNode province, IReadOnlyList<CatalogCity> cities) : IAsyncDisposable
    {
        public ProvinceNode Province { get; } = province;
        public IReadOnlyList<CatalogCity> Cities { get; } = cities;

        public static async Task<CatalogProvince> StartAsync()
        {
            var province = await ProvinceNode.StartAsync(ProvinceKeepaliveWall);
            var cities = new List<CatalogCity>();
            foreach (var (name, i) in CityNames.Select((n, i) => (n, i)))
            {
                var topology = TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 42 + i);
                var clock = new ManualSimClock(TreeFixture.Start, compression: 1000);
                var node = await TreeNode.StartAsync(new TreeNodeOptions(topology, MonitoringRules.Standard, clock,
                    StoreSettings.Memory, TimeSpan.FromSeconds(5), Province: province.Uplink(name)));
                cities.Add(new CatalogCity(node, topology, clock));
            }
            return new CatalogProvince(province, cities);
        }

        /// <summary>Waits until the province's copy of <paramref name="city"/>'s catalog is synced and equal to the city's
        /// own, item by item, with <paramref name="online"/> cameras online.</summary>
        public Task CatalogsEqualAsync(CatalogCity city, int online, TimeSpan? timeout = null) => Eventually.HoldsAsync(async () =>
        {
            var name = CityNames[Cities.ToList().IndexOf(city)];
            var atCity = await city.Node.City.Ask<CatalogView>(GetCityCatalog.Instance, TimeSpan.FromSeconds(5));
            var atProvince = await Province.Province.Ask<CatalogView>(new GetProvinceCatalog(name), TimeSpan.FromSeconds(5));
            Assert.Equal((online, online), (atCity.Online, atProvince.Online));
            Assert.Equal(atCity.OnlineBits, atProvince.OnlineBits);
            Assert.True((await Province.StatusAsync()).Cities[name].Catalog!.Synced);
        }, timeout ?? TimeSpan.FromSeconds(15));

        public async ValueTask DisposeAsync()
        {
            foreach (var c in Cities) await c.Node.DisposeAsync();
            await Province.DisposeAsync();
        }
    }
}
