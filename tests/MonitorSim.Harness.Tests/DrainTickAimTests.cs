using MonitorSim.Harness.Capacity;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Harness.Tests;

/// <summary>A drain probe's tick is aimed at bursts the tree takes the SLO's limit to work off: the first at the light
/// trials' guess of the rate, every later one at the rate the probes before it measured, so a guess far off costs one
/// probe, not all three.</summary>
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
}
