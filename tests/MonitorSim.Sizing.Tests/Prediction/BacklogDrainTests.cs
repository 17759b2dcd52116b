using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Sizing.Tests.Prediction;

/// <summary>
/// The capacity from drain probes: a light average load issued in bursts, each burst timed from the generator's wake to
/// its last completion; the median rate the bursts were worked off at is the capacity, and the SLO percentile grows as one
/// queue's towards it.
/// </summary>
public sealed class BacklogDrainTests
{
    private static readonly PercentileSlo Slo = new("alarm", 0.99, 250);

    /// <summary>A probe whose bursts of <paramref name="ops"/> operations were worked off at <paramref name="rate"/>.</summary>
    private static DrainProbe Probe(int number, double rate, double ops = 160_000, double busy = 0.5) =>
        new(number, 512, 1, 160_000, new BurstFigures(12, ops, ops / rate, rate), busy);

    [Fact]
    public void The_capacity_rate_is_the_median_of_the_probes_that_timed_a_burst_and_their_spread_is_reported()
    {
        var untimed = new DrainProbe(20, 512, 1, 160_000, null, 0.5);
        var drain = new BacklogDrain([untimed, Probe(21, 600_000), Probe(22, 700_000), Probe(23, 650_000)], 0.25);

        Assert.Equal([21, 22, 23], drain.Counted.Select(p => p.Number));
        Assert.Equal(650_000, drain.OpsPerSecond!.Value, 6);
        Assert.Equal((600_000, 700_000), drain.Range!.Value);
        Assert.Contains("drain probes 21, 22, 23", drain.Describe(326), StringComparison.Ordinal);
        Assert.Contains("at 650,000 ops/s (the median of the probes' medians; 600,000–700,000)", drain.Describe(326), StringComparison.Ordinal);
    }

    [Fact]
    public void Probes_re_aimed_after_the_first_say_each_ones_tick()
    {
        var first = new DrainProbe(16, 24, 0.714, 7_800, new BurstFigures(7, 5_600, 0.04, 138_000), 0.25);
        var later = new DrainProbe(17, 24, 2.5, 7_800, new BurstFigures(2, 19_500, 0.12, 160_000), 0.26);
        var drain = new BacklogDrain([first, later, later with { Number = 18 }], 0.25);

        Assert.Contains("issued in bursts every 714, 2,500, 2,500 ms (each probe's, re-aimed at the rate measured before it)", drain.Describe(326), StringComparison.Ordinal);
        Assert.Contains("issued in bursts every 1,000 ms,", new BacklogDrain([Probe(21, 600_000), Probe(22, 700_000)], 0.25).Describe(326), StringComparison.Ordinal);
    }

    [Fact]
    public void Probes_run_heavier_than_the_light_load_say_each_ones_load_factor()
    {
        var first = new DrainProbe(27, 32, 0.5, 10_400, new BurstFigures(24, 5_240, 0.035, 151_926), 0.13);
        var deeper = new DrainProbe(28, 46.529, 2.5, 15_200, new BurstFigures(5, 38_011, 0.128, 302_405), 0.13);
        var deepest = new DrainProbe(29, 69.571, 2.5, 22_700, new BurstFigures(5, 56_746, 0.197, 288_439), 0.13);

        Assert.Contains("(load factors 32, 46.529, 69.571 (each probe's), issued", new BacklogDrain([first, deeper, deepest], 0.25).Describe(326), StringComparison.Ordinal);
        Assert.Contains("(load factor 512, issued", new BacklogDrain([Probe(21, 600_000), Probe(22, 700_000)], 0.25).Describe(326), StringComparison.Ordinal);
    }

    [Fact]
    public void Probes_that_timed_no_burst_give_no_rate()
    {
        var drain = new BacklogDrain([new DrainProbe(20, 512, 1, 160_000, null, 0.5), new DrainProbe(21, 512, 1, 160_000, new BurstFigures(0, 0, 0, double.NaN), 0.5)], 0.25);

        Assert.Empty(drain.Counted);
        Assert.Null(drain.OpsPerSecond);
        Assert.StartsWith("no drain probe timed a burst (2 ran)", drain.Describe(326), StringComparison.Ordinal);
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
        var drain = new BacklogDrain([Probe(20, 640_000)], 0.25);

        var prediction = fromLight.WithDrain(drain, light);

        // The floor F is the lowest light percentile, 6 ms; K is the median of (p − F)·(1 − X/μ) over the trials within 8× of
        // the heaviest (2, 3, 4): 2·0.9375, 3·0.875, 6·0.75.
        Assert.Equal(6, prediction.FloorMs);
        Assert.Equal([2, 3, 4], prediction.TailTrials);
        Assert.Equal(2.625, prediction.TailScaleMs!.Value, 9);
        Assert.Equal(640_000 * (1 - 2.625 / (250 - 6)), prediction.OpsPerSecond, 6);
        Assert.Equal(6 + 2.625 / (1 - 480_000 / 640_000.0), prediction.PercentileMs(480_000)!.Value, 9);
        Assert.Null(prediction.PercentileMs(640_000));
        Assert.Equal(0.75, prediction.Utilisation(480_000), 9);
        Assert.Equal(fromLight.LoadFactor, prediction.LightCurveLoadFactor!.Value, 9);
        Assert.Contains("drain probes 20", prediction.Basis, StringComparison.Ordinal);
        Assert.Contains("the light trials' curve alone predicted load factor", prediction.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void A_drain_that_timed_no_burst_leaves_the_light_prediction_as_it_was()
    {
        List<TrialPoint> light = [new(1, 64, 20_000, 0.2, 6, true), new(2, 512, 160_000, 0.9, 10, true)];
        var fromLight = CapacityPrediction.Predict(light, 2, Slo).Prediction!;

        var prediction = fromLight.WithDrain(new BacklogDrain([new DrainProbe(20, 512, 1, 160_000, null, 0.5)], 0.25), light);

        Assert.Same(fromLight, prediction);
        Assert.Null(prediction.Drain);
    }

    [Fact]
    public void A_light_load_already_as_slow_as_the_SLO_leaves_no_capacity()
    {
        // The floor, 240 ms, leaves 10 ms of the 250 ms limit; K = the median of 0·(1 − 20,000/640,000) and
        // 40·(1 − 160,000/640,000) = 15 ms, more than that.
        List<TrialPoint> light = [new(1, 64, 20_000, 0.2, 240, true), new(2, 512, 160_000, 0.9, 280, true)];
        var fromLight = CapacityPrediction.Predict(light, 2, Slo).Prediction!;

        var prediction = fromLight.WithDrain(new BacklogDrain([Probe(20, 640_000)], 0.25), light);

        Assert.Equal(15, prediction.TailScaleMs!.Value, 9);
        Assert.Equal(0, prediction.OpsPerSecond);
    }

    [Fact]
    public void A_floor_that_does_not_grow_with_the_load_costs_the_capacity_nothing()
    {
        // Light trials on several nodes under quotas: p99 about 50 ms at every light load, its hops between nodes and its
        // throttling, no queue. Scaled with the queue (K = p·(1 − X/μ) ≈ 49 ms) it would have cut a fifth off μ; apart from
        // the queue it leaves μ whole, and the percentile near μ is the floor plus a queue that has not shown yet.
        List<TrialPoint> light = [new(1, 8, 2_500, 0.2, 50, true), new(2, 16, 5_000, 0.3, 49, true), new(3, 32, 10_000, 0.35, 50, true)];
        var fromLight = CapacityPrediction.Predict(light, 1.2, Slo).Prediction!;

        var prediction = fromLight.WithDrain(new BacklogDrain([Probe(20, 300_000)], 0.25), light);

        Assert.Equal(49, prediction.FloorMs);
        Assert.Equal(300_000 * (1 - prediction.TailScaleMs!.Value / (250 - 49)), prediction.OpsPerSecond, 6);
        Assert.True(prediction.OpsPerSecond > 0.99 * 300_000);
    }
    [Fact]
    public void Under_a_quota_the_queue_waits_on_at_least_the_throttled_part_of_a_period()
    {
        // The light trials of a 0.4-core node barely queue: K from them is 0.5 ms. Throttled 6 ms of every 10 ms period
        // once its quota is spent, a backlog waits on that scale: K = −ln(1 − 0.99)·6 ms = 27.63 ms.
        List<TrialPoint> light = [new(1, 8, 2_500, 0.15, 11, true), new(2, 16, 5_000, 0.17, 11.5, true)];
        var fromLight = CapacityPrediction.Predict(light, 0.4, Slo).Prediction!;
        var drain = new BacklogDrain([Probe(20, 225_000)], 0.25);

        var unthrottled = fromLight.WithDrain(drain, light);
        var throttled = fromLight.WithDrain(drain, light, throttledMs: 6);

        var floor = -Math.Log(0.01) * 6;
        Assert.Equal(0, unthrottled.ThrottleFloorMs);
        Assert.Equal(unthrottled.LightTailScaleMs, unthrottled.TailScaleMs);
        Assert.Equal(floor, throttled.ThrottleFloorMs, 9);
        Assert.Equal(floor, throttled.TailScaleMs!.Value, 9);
        Assert.Equal(unthrottled.LightTailScaleMs, throttled.LightTailScaleMs);
        Assert.Equal(11 + floor / (1 - 0.7 * 180_000 / 225_000), throttled.PercentileMs(0.7 * 180_000)!.Value, 9);
        Assert.Equal(225_000 * (1 - floor / (250 - 11)), throttled.OpsPerSecond, 6);
        Assert.True(throttled.OpsPerSecond < unthrottled.OpsPerSecond);
        Assert.Contains("the quota's floor", throttled.Basis, StringComparison.Ordinal);
        Assert.DoesNotContain("quota", unthrottled.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Light_trials_that_queue_more_than_the_quota_floor_keep_their_own_scale()
    {
        List<TrialPoint> light = [new(1, 8, 2_500, 0.2, 40, true), new(2, 16, 5_000, 0.3, 90, true)];
        var fromLight = CapacityPrediction.Predict(light, 1.2, Slo).Prediction!;

        var prediction = fromLight.WithDrain(new BacklogDrain([Probe(20, 100_000)], 0.25), light, throttledMs: 6);

        // K from the light trials: the median of 0·(1 − 0.025) and 50·(1 − 0.05), (0 + 47.5) / 2 = 23.75 ms, under the
        // quota's floor of 27.63 ms, which holds; a third trial, 80·(1 − 0.1) = 72, lifts the median to 47.5 ms, above it.
        Assert.Equal(23.75, prediction.LightTailScaleMs!.Value, 9);
        Assert.Equal(-Math.Log(0.01) * 6, prediction.TailScaleMs!.Value, 9);

        List<TrialPoint> slower = [.. light, new(3, 32, 10_000, 0.35, 120, true)];
        var fromSlower = CapacityPrediction.Predict(slower, 1.2, Slo).Prediction!.WithDrain(new BacklogDrain([Probe(20, 100_000)], 0.25), slower, throttledMs: 6);
        Assert.Equal(fromSlower.LightTailScaleMs, fromSlower.TailScaleMs);
        Assert.True(fromSlower.TailScaleMs > fromSlower.ThrottleFloorMs);
        Assert.Contains("above the quota's floor", fromSlower.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_throttled_time_is_refused()
    {
        List<TrialPoint> light = [new(1, 64, 20_000, 0.2, 6, true), new(2, 512, 160_000, 0.9, 10, true)];
        var fromLight = CapacityPrediction.Predict(light, 2, Slo).Prediction!;

        Assert.Throws<ArgumentOutOfRangeException>(() => fromLight.WithDrain(new BacklogDrain([Probe(20, 640_000)], 0.25), light, throttledMs: -1));
    }
}
