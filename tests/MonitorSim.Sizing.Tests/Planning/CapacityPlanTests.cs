using MonitorSim.Sizing.Planning;

namespace MonitorSim.Sizing.Tests.Planning;

public sealed class CapacityPlanTests
{
    private static PlanInputs Inputs(double growth = 3, double peak = 2, double target = 0.6, int coresPerNode = 16, IReadOnlyList<LinkTraffic>? links = null) => new(
        BaseRates: new Dictionary<string, double> { ["keepalive"] = 300, ["alarm"] = 2.5 },
        Unpeaked: new HashSet<string> { "keepalive" },
        Growth: growth, PeakFactor: peak, TargetUtilisation: target, CoresPerNode: coresPerNode,
        JournalRowsPerLoadFactorSecond: 5, ScenarioLoadFactor: 1, JournalBytesPerRow: 200, JournalHoursPerDay: 9,
        FloorP99Ms: new Dictionary<string, double> { ["alarm"] = 20, ["keepalive"] = 5 },
        Links: links ?? []);

    [Fact]
    public void Production_load_is_the_scenario_rates_times_growth_and_the_peak_factor_except_for_device_timers()
    {
        var plan = CapacityPlan.Build(Inputs(growth: 3, peak: 2), [new ServiceDemand("tree", 1e-3, 0, 4)]);

        Assert.Equal(300 * 3, plan.ProductionRates["keepalive"], 9);
        Assert.Equal(2.5 * 3 * 2, plan.ProductionRates["alarm"], 9);
        Assert.Equal(915, plan.TotalOpsPerSecond, 9);
    }

    [Fact]
    public void Cores_are_the_busy_cores_over_the_target_utilisation_rounded_up_and_nodes_hold_them()
    {
        // 915 ops/s × 10 ms = 9.15 busy cores + 0.5 overhead = 9.65; at 60 % that is 16.08 → 17 cores → 2 nodes of 16.
        var plan = CapacityPlan.Build(Inputs(), [new ServiceDemand("tree", 10e-3, 0.5, 4)]);

        var tree = plan.Roles.Single();
        Assert.Equal(9.65, tree.BusyCores, 9);
        Assert.Equal(17, tree.Cores);
        Assert.Equal(2, tree.Nodes);
        Assert.True(tree.Utilisation <= 0.6);
    }

    [Fact]
    public void A_load_that_needs_exactly_the_target_does_not_buy_another_core()
    {
        var plan = CapacityPlan.Build(Inputs(growth: 1, peak: 1, target: 0.5), [new ServiceDemand("tree", 2 / 302.5, 0, 4)]);

        Assert.Equal(4, plan.Roles[0].Cores);
    }

    [Fact]
    public void The_predicted_p99_is_the_light_load_p99_plus_the_erlang_c_wait_at_the_planned_utilisation()
    {
        var plan = CapacityPlan.Build(Inputs(), [new ServiceDemand("tree", 10e-3, 0.5, 4)]);

        var queue = new MonitorSim.Sizing.Queueing.ErlangC(17, 915, 9.65 / 915);
        Assert.Equal(queue.WaitPercentileSeconds(0.99) * 1000, plan.WaitP99Ms, 9);
        Assert.Equal(20 + plan.WaitP99Ms, plan.PredictedP99Ms["alarm"], 9);
    }

    [Fact]
    public void Journal_writes_follow_growth_and_peak_and_storage_per_day_the_office_hours_without_the_peak()
    {
        var plan = CapacityPlan.Build(Inputs(growth: 3, peak: 2), [new ServiceDemand("tree", 1e-3, 0, 4)]);

        Assert.Equal(5 * 3 * 2, plan.JournalWritesPerSecond!.Value, 9);
        // 15 rows/s × 9 h × 3,600 s × 200 B = 97.2 MB a day.
        Assert.Equal(15 * 9 * 3600 * 200 / 1e9, plan.JournalStorageGbPerDay!.Value, 12);
    }

    [Fact]
    public void Signalling_per_link_is_rate_times_bytes_per_operation_in_megabits()
    {
        var links = new List<LinkTraffic>
        {
            new("point → platform", "keepalive", 500, 100, 0.05),
            new("point → platform", "alarm", 1000, 100, 0.05),
            new("platform → city", "alarm", 800, 10, 0.2),
        };

        var plan = CapacityPlan.Build(Inputs(growth: 1, peak: 1, links: links), [new ServiceDemand("tree", 1e-3, 0, 4)]);

        var uplink = plan.Network.Single(l => l.Link == "point → platform");
        var bits = 300 * 500 * 8 + 2.5 * 1000 * 8;
        Assert.Equal(bits / 1e6, uplink.TotalMbps, 9);
        Assert.Equal(bits / 100 / 1e3, uplink.MeanPerLinkKbps, 9);
        Assert.Equal(bits * 0.05 / 1e3, uplink.BusiestLinkKbps, 9);
        Assert.Equal(2.5 * 800 * 8 / 1e6, plan.Network.Single(l => l.Link == "platform → city").TotalMbps, 12);
    }
}
