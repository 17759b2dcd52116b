using MathNet.Numerics.Random;
using MonitorSim.Load.Engine;

namespace MonitorSim.Load.Tests.Engine;

public sealed class InjectArrivalsTests
{
    private static readonly long Second = LoadPlanner.Ticks(TimeSpan.FromSeconds(1));

    private static List<Arrival> Uniform(double from, double to, TimeSpan during, long start = 0) =>
        Arrival.Drain(new InjectArrivals(from, to, start, start + LoadPlanner.Ticks(during), poisson: false, new MersenneTwister(1, false), 0));

    private static List<Arrival> Poisson(double rate, TimeSpan during, int seed) =>
        Arrival.Drain(new InjectArrivals(rate, rate, 0, LoadPlanner.Ticks(during), poisson: true, new MersenneTwister(seed, false), 0));

    [Fact]
    public void Inject_1000_per_second_for_60_seconds_offers_exactly_60000()
    {
        Assert.Equal(60_000, Uniform(1000, 1000, TimeSpan.FromSeconds(60)).Count);
    }

    [Fact]
    public void Inject_a_fractional_rate_of_0_2_per_second_for_60_seconds_offers_exactly_12()
    {
        var arrivals = Uniform(0.2, 0.2, TimeSpan.FromSeconds(60));

        Assert.Equal(12, arrivals.Count);
        Assert.Equal(Enumerable.Range(0, 12).Select(k => k * 5 * Second), arrivals.Select(a => a.At));
    }

    [Theory]
    [InlineData(1.1, 60, 66)] // inject { rate: 66, interval: 60s } for 60 s
    [InlineData(2.2, 30, 66)]
    [InlineData(1.1, 100, 110)]
    public void Uniform_inject_offers_exactly_rate_times_duration_even_when_the_rate_is_not_exact_in_binary(double rate, int seconds, int expected)
    {
        Assert.Equal(expected, Uniform(rate, rate, TimeSpan.FromSeconds(seconds)).Count);
    }

    [Fact]
    public void Uniform_arrivals_are_time_ordered_and_inside_start_inclusive_to_end_exclusive()
    {
        var start = 7 * Second;
        var end = start + 10 * Second;
        var arrivals = Uniform(333, 333, TimeSpan.FromSeconds(10), start);

        Assert.Equal(3330, arrivals.Count);
        Assert.Equal(start, arrivals[0].At);
        Assert.All(arrivals, a => Assert.InRange(a.At, start, end - 1));
        Assert.Equal(arrivals.Select(a => a.At).Order(), arrivals.Select(a => a.At));
    }

    [Fact]
    public void Poisson_arrivals_are_time_ordered_and_inside_start_inclusive_to_end_exclusive()
    {
        var start = 3 * Second;
        var end = start + 20 * Second;
        var arrivals = Arrival.Drain(new InjectArrivals(50, 50, start, end, poisson: true, new MersenneTwister(5, false), 0));

        Assert.NotEmpty(arrivals);
        Assert.All(arrivals, a => Assert.InRange(a.At, start, end - 1));
        Assert.Equal(arrivals.Select(a => a.At).Order(), arrivals.Select(a => a.At));
    }

    [Fact]
    public void Ramping_from_0_to_500_per_second_over_20_seconds_offers_5000_with_three_times_as_many_in_the_second_half()
    {
        var arrivals = Uniform(0, 500, TimeSpan.FromSeconds(20));

        Assert.Equal(5000, arrivals.Count);
        var firstHalf = arrivals.Count(a => a.At < 10 * Second);
        var secondHalf = arrivals.Count - firstHalf;
        // Λ(10 s) = 1,250 and Λ(20 s) − Λ(10 s) = 3,750.
        Assert.InRange(firstHalf, 1249, 1251);
        Assert.InRange(secondHalf / (double)firstHalf, 2.99, 3.01);
        Assert.Equal(arrivals.Select(a => a.At).Order(), arrivals.Select(a => a.At));
    }

    [Fact]
    public void Ramping_down_from_500_to_0_per_second_over_20_seconds_offers_5000_with_three_times_as_many_in_the_first_half()
    {
        var arrivals = Uniform(500, 0, TimeSpan.FromSeconds(20));

        Assert.Equal(5000, arrivals.Count);
        var firstHalf = arrivals.Count(a => a.At < 10 * Second);
        Assert.InRange(firstHalf, 3749, 3751);
        Assert.All(arrivals, a => Assert.InRange(a.At, 0, 20 * Second - 1));
    }

    [Fact]
    public void Poisson_at_100_per_second_over_600_seconds_offers_a_count_within_five_sigma_of_60000()
    {
        var count = Poisson(100, TimeSpan.FromSeconds(600), seed: 42).Count;

        var sigma = Math.Sqrt(60_000);
        Assert.InRange(count, 60_000 - 5 * sigma, 60_000 + 5 * sigma);
    }

    [Fact]
    public void Poisson_arrivals_are_not_evenly_spaced()
    {
        var gaps = Poisson(100, TimeSpan.FromSeconds(100), seed: 3).Select(a => a.At).Pairwise((a, b) => (b - a) / (double)Second).ToList();

        // Exponential gaps with mean 10 ms: coefficient of variation ≈ 1 (uniform arrivals would give 0).
        var mean = gaps.Average();
        var sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / gaps.Count);
        Assert.InRange(mean, 0.0095, 0.0105);
        Assert.InRange(sd / mean, 0.9, 1.1);
    }

    [Fact]
    public void Poisson_with_the_same_seed_gives_the_same_times_and_with_another_seed_different_ones()
    {
        var a = Poisson(100, TimeSpan.FromSeconds(60), seed: 7).Select(x => x.At).ToList();
        var b = Poisson(100, TimeSpan.FromSeconds(60), seed: 7).Select(x => x.At).ToList();
        var c = Poisson(100, TimeSpan.FromSeconds(60), seed: 8).Select(x => x.At).ToList();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Arrivals_pick_members_of_the_population_when_one_is_given_and_none_otherwise()
    {
        var withMembers = Arrival.Drain(new InjectArrivals(100, 100, 0, 10 * Second, false, new MersenneTwister(1, false), members: 30));
        var without = Uniform(100, 100, TimeSpan.FromSeconds(10));

        Assert.All(withMembers, a => Assert.InRange(a.Member, 0, 29));
        Assert.Equal(30, withMembers.Select(a => a.Member).Distinct().Count());
        Assert.All(without, a => Assert.Equal(-1, a.Member));
    }

    [Fact]
    public void A_zero_rate_offers_nothing()
    {
        Assert.Empty(Uniform(0, 0, TimeSpan.FromSeconds(60)));
        Assert.Empty(Poisson(0, TimeSpan.FromSeconds(60), seed: 1));
    }
}
