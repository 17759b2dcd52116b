using MonitorSim.Harness.Capacity;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Harness.Tests;

/// <summary>A drain probe's tick is aimed at bursts the tree takes the SLO's limit to work off: the first at the light
/// trials' guess of the rate (or, where higher, an earlier node count's drain rate scaled linearly), every later one at the rate the probes before it measured, so a guess far off costs one
/// probe, not all three. Where the longest tick allowed is too short for the heaviest light trial's load to fill such a
/// burst, the probe runs at a heavier load, never more than a fifth of the rate.</summary>
public sealed class DrainTickAimTests
{
    private static DrainProbe Timed(int number, double rate) => new(number, 24, 0.714, 7_800, new BurstFigures(7, 5_600, 5_600 / rate, rate), 0.25);

    [Fact]
    public void The_first_probe_is_aimed_at_the_light_trials_guess()
    {
        // 250 ms of bursts at a guessed 23,700 ops/s over a load of 7,800 ops/s: τ = 0.25 × 23,700 / 7,800 ≈ 0.76 s.
        Assert.Equal(0.25 * 23_700 / 7_800, SizeJob.AimedTickSeconds(0.25, 23_700, [], 7_800, 0.05, 4), 9);
    }

    [Fact]
    public void On_a_later_node_count_the_first_probe_is_aimed_at_the_earlier_counts_drain_rate_scaled_by_the_nodes()
    {
        // 2026-12-07 on 0.4-core nodes: 1 node drained at 224,763 ops/s; the 2-node light trials guessed about 40,000.
        Assert.Equal(449_526, SizeJob.FirstDrainAim(40_000, (1, 224_763), 2), 6);
        Assert.Equal(288_439 * 3 / 2.0, SizeJob.FirstDrainAim(40_000, (2, 288_439), 3), 6);
    }

    [Fact]
    public void The_first_probe_keeps_the_light_guess_where_it_is_higher_or_there_is_no_earlier_rate()
    {
        Assert.Equal(600_000, SizeJob.FirstDrainAim(600_000, (1, 224_763), 2), 6);
        Assert.Equal(40_000, SizeJob.FirstDrainAim(40_000, null, 2), 6);
        Assert.Equal(40_000, SizeJob.FirstDrainAim(40_000, (1, 0), 2), 6);
    }

    [Fact]
    public void Later_probes_are_aimed_at_the_median_rate_measured_before_them_not_the_guess()
    {
        // Three 0.4-core nodes on 2026-12-06: guessed 23,700 ops/s, measured 138,000: τ = 0.25 × 138,000 / 7,800 = 4.4 s,
        // held to a third of the 12-s steady window.
        Assert.Equal(4, SizeJob.AimedTickSeconds(0.25, 23_700, [Timed(16, 138_000)], 7_800, 0.05, 4), 9);
        Assert.Equal(0.25 * 100_000 / 7_800, SizeJob.AimedTickSeconds(0.25, 23_700, [Timed(16, 80_000), Timed(17, 120_000)], 7_800, 0.05, 4), 9);
    }

    [Fact]
    public void A_probe_that_timed_no_burst_leaves_the_guess_in_place()
    {
        var untimed = new DrainProbe(16, 24, 0.714, 7_800, null, 0.25);

        Assert.Equal(0.25 * 23_700 / 7_800, SizeJob.AimedTickSeconds(0.25, 23_700, [untimed], 7_800, 0.05, 4), 9);
    }

    [Fact]
    public void Without_a_guess_the_probe_takes_the_longest_tick()
    {
        Assert.Equal(4, SizeJob.AimedTickSeconds(0.25, 0, [], 7_800, 0.05, 4));
    }

    // Two 0.4-core nodes: the heaviest light trial at load factor 16 carried 5,200 ops/s (325 a unit).
    private const double OpsPerLoadFactor = 325;

    [Fact]
    public void A_light_load_whose_bursts_at_the_longest_tick_are_deep_enough_is_kept()
    {
        // One node on two cores: 590,000 ops/s, 250 ms of it is 147,500 operations, which load factor 200 (65,000 ops/s)
        // issues in 2.27 s, within the longest tick of 2.5 s.
        Assert.Equal(200, SizeJob.ProbeLoadFactor(0.25, 590_000, 200, OpsPerLoadFactor, 2.5));
    }

    [Fact]
    public void A_light_load_too_light_to_fill_a_burst_at_the_longest_tick_is_raised_until_it_does()
    {
        // 200,000 ops/s: 250 ms of it is 50,000 operations; at load factor 16 a 2.5-s tick holds 13,000. Raised to
        // 20,000 ops/s (load factor 61.5), whose 2.5-s bursts hold the 50,000, and the tick aimed at that load is 2.5 s.
        var load = SizeJob.ProbeLoadFactor(0.25, 200_000, 16, OpsPerLoadFactor, 2.5);

        Assert.Equal(20_000 / OpsPerLoadFactor, load, 9);
        Assert.Equal(2.5, SizeJob.AimedTickSeconds(0.25, 200_000, [], load * OpsPerLoadFactor, 0.05, 4), 9);
    }

    [Fact]
    public void A_raised_load_stays_at_a_fifth_of_the_rate()
    {
        // A 0.5-s longest tick would need 100,000 ops/s, half the rate: held to 40,000.
        Assert.Equal(40_000 / OpsPerLoadFactor, SizeJob.ProbeLoadFactor(0.25, 200_000, 16, OpsPerLoadFactor, 0.5), 9);
    }

    [Fact]
    public void Without_a_rate_to_aim_at_the_light_load_is_kept()
    {
        Assert.Equal(16, SizeJob.ProbeLoadFactor(0.25, 0, 16, OpsPerLoadFactor, 2.5));
        Assert.Equal(16, SizeJob.ProbeLoadFactor(0.25, double.NaN, 16, OpsPerLoadFactor, 2.5));
    }
}
