using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Tests.Engine;

public sealed class LoadPlannerTests
{
    private const int XuzhouCameras = 17_932;
    private static readonly CityTopology Xuzhou = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);

    private static StreamDefinition Keepalive(TimeSpan? every = null) =>
        new("keepalive", OperationKind.Keepalive, [], [new PeriodicStep(every ?? TimeSpan.FromSeconds(60), Population.Camera, null)]);

    private static StreamDefinition PerCameraAlarms() =>
        new("alarm", OperationKind.Alarm, [], [new InjectStep(0.5, TimeSpan.FromHours(1), null, Population.Camera, Arrivals.Poisson)]);

    private static StreamDefinition PlainInject() =>
        new("plain", OperationKind.Alarm, [], [new InjectStep(5, TimeSpan.FromSeconds(1), null, null, Arrivals.Uniform)]);

    private static ScenarioDefinition Scenario(params StreamDefinition[] streams) =>
        ScenarioDefinition.Default("planner") with { Streams = streams, Seed = 42 };

    private static StreamPlan Stream(ScenarioDefinition s, string name) =>
        Assert.Single(LoadPlanner.Plan(s, Xuzhou), p => p.Name == name);

    [Fact]
    public void The_default_topology_has_the_seed_citys_17932_cameras()
    {
        Assert.Equal(XuzhouCameras, Xuzhou.CameraCount);
    }

    [Fact]
    public void Keepalive_every_60s_per_camera_has_a_mean_rate_over_the_whole_run_of_17932_per_60s_during_the_part_after_boot()
    {
        var s = Scenario(Keepalive()) with { Duration = TimeSpan.FromSeconds(60), WarmUp = TimeSpan.FromSeconds(10) };
        var boot = LoadPlanner.BootWindow(s);
        Assert.Equal(TimeSpan.FromSeconds(5), boot);

        var plan = Stream(s, "keepalive");

        // MeanRate is the mean over the whole run: keepalives start when the devices have booted.
        var expected = XuzhouCameras / 60.0 * (60 - boot.TotalSeconds) / 60;
        Assert.Equal(expected, plan.MeanRate, 6);
        Assert.Equal(PopulationKind.Camera, plan.Population);
        Assert.Equal(OperationKind.Keepalive, plan.Kind);

        // The arrivals keep that promise: none before boot, and their count is MeanRate × duration (5σ of the phases' binomial).
        var arrivals = Arrival.Drain(plan);
        Assert.All(arrivals, a => Assert.True(a.At >= LoadPlanner.Ticks(boot)));
        var sigma = Math.Sqrt(XuzhouCameras * (55 / 60.0) * (5 / 60.0));
        Assert.InRange(arrivals.Count, expected * 60 - 5 * sigma, expected * 60 + 5 * sigma);
    }

    [Fact]
    public void Inject_half_an_alarm_per_hour_per_camera_offers_17932_times_half_over_3600_per_second()
    {
        var plan = Stream(Scenario(PerCameraAlarms()), "alarm");

        Assert.Equal(XuzhouCameras * 0.5 / 3600, plan.MeanRate, 9);
    }

    [Fact]
    public void Load_factor_10_multiplies_both_the_periodic_and_the_injected_rates_by_10()
    {
        var s = Scenario(Keepalive(), PerCameraAlarms(), PlainInject());
        var x10 = s with { LoadFactor = 10 };

        Assert.Equal(10 * Stream(s, "keepalive").MeanRate, Stream(x10, "keepalive").MeanRate, 6);
        Assert.Equal(10 * Stream(s, "alarm").MeanRate, Stream(x10, "alarm").MeanRate, 9);
        Assert.Equal(50, Stream(x10, "plain").MeanRate, 9);
    }

    [Fact]
    public void Load_factor_10_offers_ten_times_the_keepalives()
    {
        var s = Scenario(Keepalive()) with { Duration = TimeSpan.FromSeconds(61), WarmUp = TimeSpan.Zero };

        // 60 s after a 1 s boot: every camera exactly once per period (1 cycle, or 10 cycles at 6 s).
        Assert.Equal(XuzhouCameras, Arrival.Drain(Stream(s, "keepalive")).Count);
        Assert.Equal(10 * XuzhouCameras, Arrival.Drain(Stream(s with { LoadFactor = 10 }, "keepalive")).Count);
    }

    [Fact]
    public void Compression_60_multiplies_per_population_rates_but_not_a_plain_inject()
    {
        var s = Scenario(Keepalive(), PerCameraAlarms(), PlainInject());
        var fast = s with { Compression = 60 };

        Assert.Equal(60 * Stream(s, "keepalive").MeanRate, Stream(fast, "keepalive").MeanRate, 6);
        Assert.Equal(60 * XuzhouCameras * 0.5 / 3600, Stream(fast, "alarm").MeanRate, 9);
        Assert.Equal(5, Stream(s, "plain").MeanRate, 9);
        Assert.Equal(5, Stream(fast, "plain").MeanRate, 9);
    }

    [Fact]
    public void A_plain_inject_of_5_per_second_offers_exactly_5_per_second_of_the_run()
    {
        var s = Scenario(PlainInject()) with { Duration = TimeSpan.FromSeconds(30) };

        Assert.Equal(150, Arrival.Drain(Stream(s, "plain")).Count);
    }

    [Fact]
    public void Steps_of_a_stream_run_one_after_another_and_a_ramp_starts_from_the_previous_rate()
    {
        var stream = new StreamDefinition("stepped", OperationKind.Alarm, [],
        [
            new InjectStep(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), null, Arrivals.Uniform),
            new PauseStep(TimeSpan.FromSeconds(10)),
            new RampingInjectStep(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), null, Arrivals.Uniform),
            new RampingInjectStep(40, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), null, Arrivals.Uniform),
        ]);
        var s = Scenario(stream) with { Duration = TimeSpan.FromSeconds(40) };
        var plan = Stream(s, "stepped");
        var arrivals = Arrival.Drain(plan);
        var second = LoadPlanner.Ticks(TimeSpan.FromSeconds(1));

        Assert.Equal(100, arrivals.Count(a => a.At < 10 * second));
        Assert.Equal(0, arrivals.Count(a => a.At >= 10 * second && a.At < 20 * second));
        Assert.Equal(100, arrivals.Count(a => a.At >= 20 * second && a.At < 30 * second)); // 0 → 20/s after a pause
        Assert.Equal(300, arrivals.Count(a => a.At >= 30 * second)); // 20 → 40/s
        Assert.Equal(500 / 40.0, plan.MeanRate, 9);
        Assert.Equal(arrivals.Select(a => a.At).Order(), arrivals.Select(a => a.At));
    }

    [Fact]
    public void The_built_in_boot_and_reregistration_streams_frame_the_scenarios_streams()
    {
        var s = Scenario(Keepalive(), PerCameraAlarms());
        var plans = LoadPlanner.Plan(s, Xuzhou);

        Assert.Equal([LoadPlanner.BootStream, "keepalive", "alarm", LoadPlanner.ReregisterStream], plans.Select(p => p.Name));
        var boot = plans[0];
        var reregistration = plans[^1];
        Assert.Equal(OperationKind.Registration, boot.Kind);
        Assert.Equal(PopulationKind.Camera, boot.Population);
        Assert.False(boot.Reactive);
        Assert.Equal(OperationKind.Registration, reregistration.Kind);
        Assert.True(reregistration.Reactive);
        Assert.Empty(reregistration.Schedule.Steps);
        Assert.Single(plans, p => p.Reactive);
    }

    [Fact]
    public void Boot_registers_every_camera_exactly_once_inside_the_boot_window()
    {
        var s = Scenario(Keepalive()) with { WarmUp = TimeSpan.FromSeconds(6) };
        var window = LoadPlanner.Ticks(LoadPlanner.BootWindow(s));
        var arrivals = Arrival.Drain(Stream(s, LoadPlanner.BootStream));

        Assert.Equal(LoadPlanner.Ticks(TimeSpan.FromSeconds(3)), window);
        Assert.Equal(Enumerable.Range(0, XuzhouCameras), arrivals.Select(a => a.Member).Order());
        Assert.All(arrivals, a => Assert.InRange(a.At, 0, window - 1));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(4, 2)]
    [InlineData(30, 5)]
    public void The_boot_window_is_half_the_warm_up_between_1_and_5_seconds(int warmUpS, int bootS)
    {
        var s = Scenario(Keepalive()) with { WarmUp = TimeSpan.FromSeconds(warmUpS) };

        Assert.Equal(TimeSpan.FromSeconds(bootS), LoadPlanner.BootWindow(s));
    }

    [Theory]
    [InlineData(17_932, 120, 5)]
    [InlineData(1_000_000, 120, 50)]
    [InlineData(1_000_000, 60, 30)]
    public void A_larger_tree_boots_over_a_longer_window_so_registrations_stay_under_20_000_a_second(int cameras, int warmUpS, int bootS)
    {
        var s = Scenario(Keepalive()) with
        {
            WarmUp = TimeSpan.FromSeconds(warmUpS), Duration = TimeSpan.FromSeconds(warmUpS * 2),
            Topology = new TopologySpec(2_500, cameras / 6, cameras),
        };

        Assert.Equal(TimeSpan.FromSeconds(bootS), LoadPlanner.BootWindow(s));
    }

    [Fact]
    public void The_same_seed_gives_identical_arrival_times_for_every_stream_and_another_seed_different_ones()
    {
        var poissonAlarms = new StreamDefinition("poisson", OperationKind.Alarm, [],
            [new InjectStep(20, TimeSpan.FromSeconds(1), null, null, Arrivals.Poisson)]);
        var s = Scenario(Keepalive(), PerCameraAlarms(), poissonAlarms) with { Duration = TimeSpan.FromSeconds(120) };

        static Dictionary<string, List<Arrival>> ArrivalsOf(ScenarioDefinition s) =>
            LoadPlanner.Plan(s, Xuzhou).ToDictionary(p => p.Name, Arrival.Drain);

        var first = ArrivalsOf(s);
        var again = ArrivalsOf(s);
        var other = ArrivalsOf(s with { Seed = 43 });

        Assert.Equal(first.Keys, again.Keys);
        foreach (var name in first.Keys) Assert.Equal(first[name], again[name]);
        foreach (var name in new[] { LoadPlanner.BootStream, "keepalive", "alarm", "poisson" })
        {
            Assert.NotEmpty(first[name]);
            Assert.NotEqual(first[name], other[name]);
        }
    }
}
