using MonitorSim.Sizing.Queueing;

namespace MonitorSim.Sizing.Tests.Queueing;

public sealed class OperationalLawsTests
{
    [Fact]
    public void A_tier_sixty_percent_busy_at_300_operations_a_second_spends_2_ms_on_each()
    {
        Assert.Equal(0.002, OperationalLaws.ServiceDemandSeconds(0.6, 300), 12);
    }

    [Fact]
    public void On_four_cores_averaging_sixty_percent_each_operation_costs_8_ms_of_cpu()
    {
        Assert.Equal(0.008, OperationalLaws.ServiceDemandSeconds(0.6, 300, servers: 4), 12);
    }

    [Fact]
    public void Busy_time_over_completions_is_the_same_demand()
    {
        // 120 busy seconds in a minute on 2 cores (100 %) for 60,000 completions: 2 ms each.
        Assert.Equal(0.002, OperationalLaws.ServiceDemandFromBusyTime(120, 60_000), 12);
    }

    [Fact]
    public void The_utilisation_law_gives_back_the_utilisation_the_demand_came_from()
    {
        var demand = OperationalLaws.ServiceDemandSeconds(0.45, 1234, servers: 8);

        Assert.Equal(0.45, OperationalLaws.Utilisation(1234, demand, servers: 8), 12);
    }

    [Fact]
    public void Littles_law_puts_15_in_flight_at_300_a_second_and_50_ms_each()
    {
        Assert.Equal(15, OperationalLaws.Concurrency(300, 0.050), 12);
        Assert.Equal(0.050, OperationalLaws.ResponseTimeSeconds(15, 300), 12);
    }

    [Fact]
    public void The_tier_with_the_largest_demand_per_server_bounds_throughput()
    {
        // The database: 2 ms on one writer (≤ 500/s); the platforms: 8 ms on 8 cores (≤ 1,000/s). The writer saturates first.
        var bound = OperationalLaws.MaxThroughputPerSecond([(0.002, 1), (0.008, 8)]);

        Assert.Equal(500, bound, 9);
    }

    [Theory]
    [InlineData(1.2, 100)]
    [InlineData(-0.1, 100)]
    [InlineData(0.5, 0)]
    public void A_utilisation_outside_zero_to_one_or_no_throughput_is_refused(double utilisation, double throughput)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OperationalLaws.ServiceDemandSeconds(utilisation, throughput));
    }
}
