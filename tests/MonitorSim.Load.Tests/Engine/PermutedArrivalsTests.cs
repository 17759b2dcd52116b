using MathNet.Numerics.Random;
using MonitorSim.Load.Engine;

namespace MonitorSim.Load.Tests.Engine;

public sealed class PermutedArrivalsTests
{
    private static readonly long Second = LoadPlanner.Ticks(TimeSpan.FromSeconds(1));

    [Fact]
    public void Each_member_arrives_exactly_once()
    {
        var arrivals = Arrival.Drain(new PermutedArrivals(17_932, 0, 5 * Second, new MersenneTwister(1, false)));

        Assert.Equal(Enumerable.Range(0, 17_932), arrivals.Select(a => a.Member).Order());
    }

    [Fact]
    public void Arrivals_are_evenly_spaced_inside_the_window_in_a_random_order()
    {
        var start = Second;
        var end = 2 * Second;
        var arrivals = Arrival.Drain(new PermutedArrivals(1000, start, end, new MersenneTwister(2, false)));

        Assert.All(arrivals, a => Assert.InRange(a.At, start, end - 1));
        Assert.Single(arrivals.Select(a => a.At).Pairwise((a, b) => b - a).Distinct());
        Assert.NotEqual(Enumerable.Range(0, 1000), arrivals.Select(a => a.Member));
    }

    [Fact]
    public void The_same_seed_gives_the_same_order_and_another_seed_a_different_one()
    {
        List<Arrival> Run(int seed) => Arrival.Drain(new PermutedArrivals(300, 0, Second, new MersenneTwister(seed, false)));

        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }
}
