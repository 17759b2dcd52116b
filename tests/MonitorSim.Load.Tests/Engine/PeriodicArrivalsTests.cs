using MathNet.Numerics.Random;
using MonitorSim.Load.Engine;

namespace MonitorSim.Load.Tests.Engine;

public sealed class PeriodicArrivalsTests
{
    private static readonly long Second = LoadPlanner.Ticks(TimeSpan.FromSeconds(1));

    [Fact]
    public void Every_member_arrives_exactly_once_in_each_period()
    {
        const int members = 500;
        var start = 2 * Second;
        var arrivals = Arrival.Drain(new PeriodicArrivals(members, Second, start, start + 10 * Second, new MersenneTwister(1, false)));

        Assert.Equal(10 * members, arrivals.Count);
        foreach (var period in arrivals.GroupBy(a => (a.At - start) / Second))
        {
            Assert.InRange(period.Key, 0, 9);
            Assert.Equal(Enumerable.Range(0, members), period.Select(a => a.Member).Order());
        }
    }

    [Fact]
    public void A_member_keeps_its_phase_so_its_arrivals_are_exactly_one_period_apart()
    {
        var period = Second / 4;
        var arrivals = Arrival.Drain(new PeriodicArrivals(50, period, 0, 5 * Second, new MersenneTwister(2, false)));

        foreach (var member in arrivals.GroupBy(a => a.Member))
            Assert.All(member.Select(a => a.At).Pairwise((a, b) => b - a), gap => Assert.Equal(period, gap));
    }

    [Fact]
    public void Members_have_different_phases_spread_over_the_period()
    {
        const int members = 1000;
        var arrivals = Arrival.Drain(new PeriodicArrivals(members, 60 * Second, 0, 60 * Second, new MersenneTwister(3, false)));

        Assert.Equal(members, arrivals.Select(a => a.At).Distinct().Count());
        // Uniform phases: each sixth of the period holds about a sixth of the members (5σ ≈ 59).
        foreach (var sixth in arrivals.GroupBy(a => a.At / (10 * Second)))
            Assert.InRange(sixth.Count(), 167 - 60, 167 + 60);
    }

    [Fact]
    public void Periodic_arrivals_are_time_ordered_and_inside_start_inclusive_to_end_exclusive()
    {
        var start = 3 * Second;
        var end = start + 7 * Second + Second / 3; // not a whole number of periods
        var arrivals = Arrival.Drain(new PeriodicArrivals(200, Second, start, end, new MersenneTwister(4, false)));

        Assert.All(arrivals, a => Assert.InRange(a.At, start, end - 1));
        Assert.Equal(arrivals.Select(a => a.At).Order(), arrivals.Select(a => a.At));
        Assert.All(arrivals.GroupBy(a => a.Member), m => Assert.InRange(m.Count(), 7, 8));
    }

    [Fact]
    public void The_same_seed_gives_the_same_phases_and_another_seed_different_ones()
    {
        List<Arrival> Run(int seed) => Arrival.Drain(new PeriodicArrivals(100, Second, 0, 3 * Second, new MersenneTwister(seed, false)));

        Assert.Equal(Run(9), Run(9));
        Assert.NotEqual(Run(9), Run(10));
    }

    [Fact]
    public void Rate_is_members_per_period()
    {
        Assert.Equal(17_932 / 60.0, PeriodicArrivals.Rate(17_932, 60 * Second), 9);
    }

    [Fact]
    public void An_empty_population_offers_nothing()
    {
        Assert.Empty(Arrival.Drain(new PeriodicArrivals(0, Second, 0, 10 * Second, new MersenneTwister(1, false))));
    }
}
