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
/// GB/T 28181 cascade one level up: three tiny cities, each its own tree and actor system, cascade to a province
/// platform in a third kind of system, over remoting. Compression 1,000: a city keeps alive with the province every
/// 60 ms of wall time; the province drops a city silent for 3 × 1 s.
/// </summary>
public sealed class ProvinceCascadeTests
{
    private static readonly string[] CityNames = ["xuzhou", "nanjing", "suzhou"];
    private static readonly TimeSpan ProvinceKeepaliveWall = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Every_city_registers_with_the_province_and_keeps_its_session_alive()
    {
        await using var p = await TinyProvince.StartAsync();

        await Eventually.HoldsAsync(async () =>
        {
            var status = await p.Province.StatusAsync();
            Assert.Equal(CityNames.Order(), status.Cities.Keys.Order());
            Assert.All(status.Cities.Values, c => Assert.True(c.Registered));
        });
        // Past the province's silence limit (3 s): the keepalives kept every session, none registered again.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var later = await p.Province.StatusAsync();
        Assert.All(later.Cities.Values, c => Assert.Equal((true, 1), (c.Registered, c.Registrations)));
    }

    [Fact]
    public async Task A_city_that_stops_keeping_alive_loses_its_session_at_the_province()
    {
        await using var p = await TinyProvince.StartAsync();
        await p.AllRegisteredAsync();

        p.Cities[1].Node.CrashCity(TimeSpan.FromSeconds(30));

        await Eventually.HoldsAsync(async () =>
        {
            var status = await p.Province.StatusAsync();
            Assert.False(status.Cities["nanjing"].Registered);
            Assert.True(status.Cities["xuzhou"].Registered);
        });
    }

    [Fact]
    public async Task An_alarm_is_acknowledged_at_every_hop_up_to_the_province_and_recorded_there_once()
    {
        await using var p = await TinyProvince.StartAsync();
        await p.AllRegisteredAsync();
        var city = p.Cities[2];
        await city.RegisterAllAsync();

        var camera = new CameraId(7);
        city.Tree.RaiseAlarm(camera, AlarmType.DeskUnattended, TreeFixture.Ticket(7));
        var outcome = await city.Outcomes.NextAsync();

        // Point → platform, platform → city: the alarm's own outcome comes when the city has recorded it.
        Assert.Equal(OpStatus.Ok, outcome.Status);
        var point = city.Topology.PointOf(camera);
        var platform = city.Topology.PlatformOf(point).Value;
        Assert.Equal(0, (await city.Node.PointStatusAsync(point.Value)).AwaitingPlatformAck);
        // City → province: recorded there under its platform and id, and the city holds nothing unacknowledged.
        await Eventually.HoldsAsync(async () =>
        {
            var atProvince = (await p.Province.StatusAsync()).Cities["suzhou"];
            Assert.Contains((platform, outcome.Ref), atProvince.AlarmIds);
            Assert.Single(atProvince.AlarmIds);
            var link = await city.Node.ProvinceLinkStatusAsync();
            Assert.Equal((1L, 1L, 0, 0), (link.AlarmsForwarded, link.AlarmsAcknowledged, link.Waiting, link.InFlight));
            Assert.NotNull(link.HopMsP99);
        });
        // The other cities forwarded nothing.
        var status = await p.Province.StatusAsync();
        Assert.Empty(status.Cities["xuzhou"].AlarmIds);
    }

    [Fact]
    public async Task Alarms_raised_while_the_province_is_down_reach_it_after_it_restarts_and_the_cities_register_again()
    {
        await using var p = await TinyProvince.StartAsync();
        await p.AllRegisteredAsync();
        var city = p.Cities[0];
        await city.RegisterAllAsync();

        p.Province.Crash(TimeSpan.FromSeconds(1));
        var raised = new List<long>();
        for (var c = 0; c < 5; c++)
        {
            city.Tree.RaiseAlarm(new CameraId(c * 6), AlarmType.StaffAbsent, TreeFixture.Ticket(c));
            var o = await city.Outcomes.NextAsync();
            Assert.Equal(OpStatus.Ok, o.Status);
            raised.Add(o.Ref);
        }

        await Eventually.HoldsAsync(async () =>
        {
            var atProvince = (await p.Province.StatusAsync()).Cities["xuzhou"];
            Assert.True(atProvince.Registered);
            Assert.Equal(raised.Order(), atProvince.AlarmIds.Select(a => a.AlarmId).Order());
        }, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Alarms_the_province_acknowledged_before_it_crashed_are_still_recorded_after_it_restarts_and_every_city_re_syncs()
    {
        await using var p = await TinyProvince.StartAsync();
        await p.AllRegisteredAsync();
        var city = p.Cities[1];
        await city.RegisterAllAsync();
        var raised = await RaiseAsync(city, 3);
        // Acknowledged by the province: the platforms have let go of them, so only the province's own record holds them.
        await Eventually.HoldsAsync(async () =>
        {
            Assert.Equal(raised.Order(), (await p.Province.StatusAsync()).Cities["nanjing"].AlarmIds.Select(a => a.AlarmId).Order());
            Assert.Equal(0, (await city.Node.ProvinceLinkStatusAsync()).InFlight);
        });

        p.Province.Crash(TimeSpan.FromMilliseconds(500));
        await Task.Delay(TimeSpan.FromSeconds(1));

        await Eventually.HoldsAsync(async () =>
        {
            var status = await p.Province.StatusAsync();
            Assert.Equal(raised.Order(), status.Cities["nanjing"].AlarmIds.Select(a => a.AlarmId).Order());
            foreach (var (name, c) in CityNames.Zip(p.Cities))
            {
                var atProvince = status.Cities[name];
                // A fresh session at the restarted province (its count starts again), and the roll-up came with it.
                Assert.Equal((true, 1), (atProvince.Registered, atProvince.Registrations));
                Assert.Equal((await c.Node.CityStatusAsync()).CamerasOnline, atProvince.RollUp.Online);
                Assert.NotNull(atProvince.ResyncMs);
            }
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_restarted_province_recovers_its_alarms_from_its_latest_snapshot_and_the_events_after_it()
    {
        // A snapshot every two journal events: five alarms passed up one at a time leave two snapshots and an event after.
        await using var p = await TinyProvince.StartAsync(snapshotEvery: 2);
        await p.AllRegisteredAsync();
        var city = p.Cities[2];
        await city.RegisterAllAsync();
        var raised = new List<long>();
        for (var c = 0; c < 5; c++)
        {
            raised.AddRange(await RaiseAsync(city, 1, firstCamera: c));
            await Eventually.HoldsAsync(async () => Assert.Equal(raised.Count, (await p.Province.StatusAsync()).Cities["suzhou"].AlarmIds.Count));
        }
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // the snapshot is written after the event that asked for it

        p.Province.Crash(TimeSpan.FromMilliseconds(200));
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        await Eventually.HoldsAsync(async () =>
            Assert.Equal(raised.Order(), (await p.Province.StatusAsync()).Cities["suzhou"].AlarmIds.Select(a => a.AlarmId).Order()),
            TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task After_a_city_restarts_it_registers_again_and_its_roll_up_re_syncs_at_the_province()
    {
        await using var p = await TinyProvince.StartAsync();
        await p.AllRegisteredAsync();
        var city = p.Cities[1];
        await city.RegisterAllAsync();
        await Eventually.HoldsAsync(async () =>
            Assert.Equal(city.Topology.CameraCount, (await p.Province.StatusAsync()).Cities["nanjing"].RollUp.Online));

        city.Node.CrashCity(TimeSpan.FromMilliseconds(500));

        await Eventually.HoldsAsync(async () =>
        {
            var atProvince = (await p.Province.StatusAsync()).Cities["nanjing"];
            Assert.Equal(2, atProvince.Registrations);
            Assert.True(atProvince.Registered);
            // The restarted city pulled its platforms' catalogs again and passed the roll-up on: every camera online.
            Assert.Equal(city.Topology.CameraCount, atProvince.RollUp.Online);
            Assert.InRange(atProvince.ResyncMs!.Value, 0, 30_000);
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Alarms_a_city_acknowledged_but_had_not_passed_up_reach_the_province_after_the_city_restarts()
    {
        await using var p = await TinyProvince.StartAsync();
        await p.AllRegisteredAsync();
        var city = p.Cities[1];
        await city.RegisterAllAsync();

        // The link is cut: the city records and acknowledges the alarms but cannot pass them up; then it crashes and
        // loses what it was holding for the province. Only its platforms still have them.
        city.Node.CutProvinceLink(TimeSpan.FromSeconds(60));
        var raised = await RaiseAsync(city, 4);
        // Four alarms held in the link (its items also hold the registrations' catalog changes, if still climbing).
        var held = await city.Node.ProvinceLinkStatusAsync();
        Assert.Equal(4, held.AlarmsForwarded - held.AlarmsAcknowledged);
        city.Node.CrashCity(TimeSpan.FromMilliseconds(500));

        await Eventually.HoldsAsync(async () =>
        {
            var atProvince = (await p.Province.StatusAsync()).Cities["nanjing"];
            Assert.Equal(raised.Order(), atProvince.AlarmIds.Select(a => a.AlarmId).Order());
            Assert.True(atProvince.Registered);
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_hops_a_city_measured_survive_its_restart_and_an_alarm_in_flight_across_it_is_measured_from_when_the_city_first_recorded_it()
    {
        await using var p = await TinyProvince.StartAsync();
        await p.AllRegisteredAsync();
        var city = p.Cities[0];
        await city.RegisterAllAsync();
        await RaiseAsync(city, 1);
        await Eventually.HoldsAsync(async () => Assert.Single((await city.Node.ProvinceHopsAsync()).HopTicks));

        // Two alarms recorded while the link is cut, held for a second, then the city platform crashes with them.
        city.Node.CutProvinceLink(TimeSpan.FromSeconds(60));
        await RaiseAsync(city, 2, firstCamera: 1);
        await Task.Delay(TimeSpan.FromSeconds(1));
        city.Node.CrashCity(TimeSpan.FromMilliseconds(500));

        await Eventually.HoldsAsync(async () =>
        {
            var hops = await city.Node.ProvinceHopsAsync();
            Assert.Equal(3, hops.HopTicks.Length);
            Assert.Equal((2, 0, 0L), (hops.CityStarts, hops.Unacknowledged, hops.Clipped));
            // Their hop spans the cut and the restart: measured from the first city platform recording them.
            Assert.All(hops.HopTicks.Skip(1), t => Assert.True(t > System.Diagnostics.Stopwatch.Frequency, $"hop of {t} ticks is under 1 s"));
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_cut_link_to_the_province_holds_the_alarms_and_they_arrive_once_it_heals()
    {
        await using var p = await TinyProvince.StartAsync();
        await p.AllRegisteredAsync();
        var city = p.Cities[2];
        await city.RegisterAllAsync();

        // Well past the province's silence limit (3 s, swept each second): it drops the city's session, and the city
        // registers again once the link heals. Eight seconds leave the dropped session in view for four, so a busy
        // machine's polling cannot miss it (a 4-s cut left under a second between the drop and the re-registration).
        city.Node.CutProvinceLink(TimeSpan.FromSeconds(8));
        var raised = await RaiseAsync(city, 3);
        await Eventually.HoldsAsync(async () => Assert.False((await p.Province.StatusAsync()).Cities["suzhou"].Registered));
        Assert.Empty((await p.Province.StatusAsync()).Cities["suzhou"].AlarmIds);

        await Eventually.HoldsAsync(async () =>
        {
            var atProvince = (await p.Province.StatusAsync()).Cities["suzhou"];
            Assert.Equal((true, 2), (atProvince.Registered, atProvince.Registrations));
            Assert.Equal(raised.Order(), atProvince.AlarmIds.Select(a => a.AlarmId).Order());
            var hops = await city.Node.ProvinceHopsAsync();
            // Each alarm's hop to the province includes the time it waited for the link.
            Assert.Equal(3, hops.HopTicks.Length);
            Assert.All(hops.HopTicks, t => Assert.True(t > System.Diagnostics.Stopwatch.Frequency, $"hop of {t} ticks is under 1 s"));
        }, TimeSpan.FromSeconds(30));
    }

    private static async Task<List<long>> RaiseAsync(TinyCity city, int count, int firstCamera = 0)
    {
        var raised = new List<long>();
        for (var c = firstCamera; c < firstCamera + count; c++)
        {
            city.Tree.RaiseAlarm(new CameraId(c * 7), AlarmType.VideoLoss, TreeFixture.Ticket(100 + c));
            var o = await city.Outcomes.NextAsync();
            Assert.Equal(OpStatus.Ok, o.Status);
            raised.Add(o.Ref);
        }
        return raised;
    }

    /// <summary>One tiny city of the province: three platforms, twelve points, thirty cameras, cascading up.</summary>
    private sealed class TinyCity(TreeNode node, CityTopology topology, OutcomeCollector outcomes)
    {
        public TreeNode Node { get; } = node;
        public CityTopology Topology { get; } = topology;
        public OutcomeCollector Outcomes { get; } = outcomes;
        public IMonitoringTree Tree { get; } = node.CreateTree(outcomes);

        public async Task RegisterAllAsync()
        {
            for (var c = 0; c < Topology.CameraCount; c++) Tree.Register(new CameraId(c), TreeFixture.Ticket(c));
            Assert.All(await Outcomes.NextAsync(Topology.CameraCount), a => Assert.Equal(OpStatus.Ok, a.Status));
        }
    }

    private sealed class TinyProvince(ProvinceNode province, IReadOnlyList<TinyCity> cities) : IAsyncDisposable
    {
        public ProvinceNode Province { get; } = province;
        public IReadOnlyList<TinyCity> Cities { get; } = cities;

        public static async Task<TinyProvince> StartAsync(int snapshotEvery = Actors.ProvinceActor.DefaultSnapshotEvery)
        {
            var province = await ProvinceNode.StartAsync(ProvinceKeepaliveWall, snapshotEvery: snapshotEvery);
            var cities = new List<TinyCity>();
            foreach (var (name, i) in CityNames.Select((n, i) => (n, i)))
            {
                var topology = TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 42 + i);
                var node = await TreeNode.StartAsync(new TreeNodeOptions(topology, MonitoringRules.Standard, new ManualSimClock(TreeFixture.Start, compression: 1000),
                    StoreSettings.Memory, TimeSpan.FromSeconds(5), Province: province.Uplink(name)));
                cities.Add(new TinyCity(node, topology, new OutcomeCollector()));
            }
            return new TinyProvince(province, cities);
        }

        public Task AllRegisteredAsync() => Eventually.HoldsAsync(async () =>
        {
            var status = await Province.StatusAsync();
            Assert.Equal(Cities.Count, status.Cities.Values.Count(c => c.Registered));
        });

        public async ValueTask DisposeAsync()
        {
            foreach (var c in Cities) await c.Node.DisposeAsync();
            await Province.DisposeAsync();
        }
    }
}
