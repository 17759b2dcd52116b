using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Sizing.Tests.Prediction;

/// <summary>
/// The capacity from drain probes: a light average load issued in bursts, each drained by the tree before the next; the
/// probe's mean latency, the generator's mean lag and an operation's time through the idle tree give how long a burst took
/// to drain and so the rate the tree works off a backlog at.
/// </summary>
public sealed class BacklogDrainTests
{
    private static readonly PercentileSlo Slo = new("alarm", 0.99, 250);

    /// <summary>A probe of a tree that drains <paramref name="mu"/> ops/s: bursts every <paramref name="cycleS"/> of
    /// X·cycle operations, completed evenly over B/μ after an idle tree's <paramref name="unloadedMs"/>, so the mean time in
    /// the tree is s₀ + B/(2μ), and the mean latency that plus the mean lag, half the cycle.</summary>
    private static DrainProbe Probe(int number, double x, double cycleS, double mu, double unloadedMs = 1, double busy = 0.5)
    {
        var lagMs = cycleS / 2 * 1000;
        var drainS = x * cycleS / mu;
        return new DrainProbe(number, 512, cycleS, x, lagMs + unloadedMs + drainS / 2 * 1000, lagMs, busy);
    }

    [Fact]
    public void A_burst_drained_in_a_quarter_second_gives_the_rate_the_tree_worked_it_off_at()
    {
        var probe = Probe(20, 160_000, 1, 640_000);

        Assert.Equal(160_000, probe.BacklogOps, 6);
        Assert.Equal(0.25, probe.DrainSeconds(1), 9);
        Assert.Equal(640_000, probe.DrainOpsPerSecond(1)!.Value, 3);
    }

    [Fact]
    public void A_burst_that_never_queued_or_was_not_drained_before_the_next_gives_no_rate()
    {
        // Mean time in the tree no longer than an idle tree's: nothing queued, no drain to time.
        var shallow = new DrainProbe(20, 512, 1, 160_000, 500.5, 500, 0.3);
        Assert.Null(shallow.DrainOpsPerSecond(1));
        // Drained over longer than the cycle: the backlog carried over into the next burst, the load was not light.
        var carried = Probe(21, 160_000, 1, 120_000);
        Assert.True(carried.DrainSeconds(1) >= carried.CycleSeconds);
        Assert.Null(carried.DrainOpsPerSecond(1));
    }

    [Fact]
    public void The_rate_is_the_median_of_the_probes_at_the_last_tick_and_their_spread_is_reported()
    {
        var drain = new BacklogDrain([Probe(20, 160_000, 0.5, 900_000), Probe(21, 160_000, 1, 600_000), Probe(22, 160_000, 1, 700_000), Probe(23, 160_000, 1, 650_000)], 1, 0.25);

        Assert.Equal([21, 22, 23], drain.Counted.Select(p => p.Number));
        Assert.Equal(650_000, drain.OpsPerSecond!.Value, 1);
        Assert.Equal(600_000, drain.Range!.Value.Low, 1);
        Assert.Equal(700_000, drain.Range!.Value.High, 1);
    }

    [Fact]
    public void Where_the_generator_shares_the_cores_its_sustained_share_is_taken_from_the_drain_rate()
    {
        // The tree drained 640,000 ops/s with the cores to itself; at a sustained load the generator's 0.5 µs an operation
        // keeps X·0.5 µs of the 2 cores busy: X = 640,000·(2 − X·0.5 µs)/2, X = 640,000/1.16.
        var shared = new BacklogDrain([Probe(20, 160_000, 1, 640_000) with { GeneratorSecondsPerOp = 0.5e-6 }], 1, 0.25);
        var apart = new BacklogDrain([Probe(20, 160_000, 1, 640_000)], 1, 0.25);

        Assert.Equal(640_000 / 1.16, shared.SharedOpsPerSecond(2)!.Value, 3);
        Assert.Equal(640_000, shared.OpsPerSecond!.Value, 3);
        Assert.Equal(640_000, apart.SharedOpsPerSecond(2)!.Value, 3);
    }

    [Fact]
    public void The_next_tick_aims_the_bursts_at_the_SLO_limit_and_keeps_a_tick_that_reached_it()
    {
        var drain = new BacklogDrain([], 1, 0.25);

        // 160,000 ops/s for 0.25 s at 1.6 M ops/s drain in 25 ms: ten times too shallow, so the tick grows tenfold (to the cap).
        Assert.Equal(2.5, drain.NextTickSeconds(Probe(20, 160_000, 0.25, 1_600_000), 0.05, 4), 6);
        Assert.Equal(4, drain.NextTickSeconds(Probe(20, 160_000, 0.25, 16_000_000), 0.05, 4), 6);
        // Drained in 0.25 s: deep enough, the same tick again.
        Assert.Equal(1, drain.NextTickSeconds(Probe(20, 160_000, 1, 640_000), 0.05, 4), 9);
        // Carried over: halve the tick. Never queued: double it.
        Assert.Equal(0.5, drain.NextTickSeconds(Probe(20, 160_000, 1, 120_000), 0.05, 4), 9);
        Assert.Equal(2, drain.NextTickSeconds(new DrainProbe(20, 512, 1, 160_000, 500.5, 500, 0.3), 0.05, 4), 9);
    }

    [Fact]
    public void With_a_drain_the_capacity_is_where_the_queue_shaped_percentile_reaches_the_SLO()
    {
        // Light trials at 10,000–160,000 ops/s, p99 12 ms at 160,000; the drain 640,000 ops/s.
        List<TrialPoint> light =
        [
            new(1, 32, 10_000, 0.2, 6, true), new(2, 128, 40_000, 0.3, 8, true), new(3, 256, 80_000, 0.5, 9, true), new(4, 512, 160_000, 0.9, 12, true),
        ];
        var fromLight = CapacityPrediction.Predict(light, 2, Slo).Prediction!;
        var drain = new BacklogDrain([Probe(20, 160_000, 1, 640_000)], 1, 0.25);

        var prediction = fromLight.WithDrain(drain, light);

        // K is the median of p·(1 − X/μ) over the trials within 8× of the heaviest (2, 3, 4): 8·0.9375, 9·0.875, 12·0.75.
        Assert.Equal([2, 3, 4], prediction.TailTrials);
        Assert.Equal(7.875, prediction.TailScaleMs!.Value, 9);
        Assert.Equal(640_000 * (1 - 7.875 / 250), prediction.OpsPerSecond, 6);
        Assert.Equal(7.875 / (1 - 480_000 / 640_000.0), prediction.PercentileMs(480_000)!.Value, 9);
        Assert.Null(prediction.PercentileMs(640_000));
        Assert.Equal(fromLight.LoadFactor, prediction.LightCurveLoadFactor!.Value, 9);
        Assert.Contains("drain probes 20", prediction.Basis, StringComparison.Ordinal);
        Assert.Contains("the light trials' curve alone predicted load factor", prediction.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void A_drain_that_measured_no_rate_leaves_the_light_prediction_as_it_was()
    {
        List<TrialPoint> light = [new(1, 64, 20_000, 0.2, 6, true), new(2, 512, 160_000, 0.9, 10, true)];
        var fromLight = CapacityPrediction.Predict(light, 2, Slo).Prediction!;
        var drain = new BacklogDrain([Probe(20, 160_000, 1, 120_000)], 1, 0.25);

        var prediction = fromLight.WithDrain(drain, light);

        Assert.Same(fromLight, prediction);
        Assert.Null(prediction.Drain);
    }
}
