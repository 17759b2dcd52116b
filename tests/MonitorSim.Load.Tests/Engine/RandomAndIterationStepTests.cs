using System.Diagnostics;
using MathNet.Numerics.Random;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Tests.Engine;

public sealed class RandomAndIterationStepTests
{
    private static long T(double seconds) => LoadPlanner.Ticks(TimeSpan.FromSeconds(seconds));

    private static List<long> Drain(ArrivalSequence s)
    {
        var times = new List<long>();
        for (var t = s.Next(out _); t != ArrivalSequence.End; t = s.Next(out _)) times.Add(t);
        return times;
    }

    [Fact]
    public void Inject_random_draws_a_rate_per_interval_between_its_bounds()
    {
        var times = Drain(new RandomRateArrivals(100, 300, T(1), 0, T(20), poisson: false, new MersenneTwister(5, false)));

        var perSecond = Enumerable.Range(0, 20).Select(s => times.Count(t => t >= T(s) && t < T(s + 1))).ToList();
        Assert.All(perSecond, n => Assert.InRange(n, 99, 301));         // ±1 for where a window's fraction falls
        Assert.True(perSecond.Distinct().Count() > 5, string.Join(",", perSecond)); // the rate really changes
        Assert.Equal(times.Order(), times);
        Assert.All(times, t => Assert.InRange(t, 0, T(20) - 1));
        Assert.Equal(times, Drain(new RandomRateArrivals(100, 300, T(1), 0, T(20), false, new MersenneTwister(5, false))));
    }

    [Fact]
    public void Iterations_for_inject_offers_exactly_its_count_even_with_poisson_arrivals()
    {
        var poisson = new LimitedArrivals(new InjectArrivals(100, 100, 0, T(3600), true, new MersenneTwister(9, false), 0), 1000);

        var times = Drain(poisson);

        Assert.Equal(1000, times.Count);
        Assert.Equal(times[^1], poisson.LastAt);
        Assert.InRange(times[^1] / (double)Stopwatch.Frequency, 8, 12); // about 1,000 / 100 per second
    }

    [Fact]
    public void The_step_after_iterations_starts_when_the_last_iteration_is_due()
    {
        var scenario = ScenarioLoader.Parse("""
            name: iterations
            duration: 30s
            scenarios:
              - name: s
                operation: noop
                load:
                  - iterations_for_inject: { rate: 50, interval: 1s, iterations: 100 }
                  - inject_random: { min: 10, max: 20, interval: 1s, during: 5s }
                  - pause: { during: 1s }
            """, "iterations.yaml");
        var plan = Assert.Single(LoadPlanner.Plan(scenario, TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 1)));

        var first = Drain(plan.Schedule.Steps[0]);
        var second = Drain(plan.Schedule.Steps[1]);
        Assert.Equal(100, first.Count);
        Assert.True(second[0] >= T(2) && second[^1] < T(7), "inject_random runs from 2 s (100 at 50/s) for 5 s");
        Assert.InRange(second.Count, 50, 100);
    }

    [Fact]
    public void Inject_random_needs_max_at_least_min()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("""
            name: random
            scenarios:
              - name: s
                operation: noop
                load:
                  - inject_random: { min: 20, max: 10, interval: 1s }
            """, "random.yaml"));
        Assert.Contains(error.Errors, e => e.Field == "scenarios[0].load[0].inject_random.max" && e.Line == 6);
    }
}
