using MonitorSim.Harness.Capacity;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Harness.Tests;

/// <summary>A search that left fewer than two light trials (below half the cores, SLO held) gets trials below its
/// lightest load, halving it, so that a cluster of several nodes can still be predicted; never more than a few, never
/// below the search's lowest load, none when two light trials already held.</summary>
public sealed class LightTrialTests
{
    private const double Cores = 0.8; // 2 nodes of 0.4 cores: light below 0.4

    private static TrialPoint Trial(int number, double load, double busyCores, bool held = true) =>
        new(number, load, load * 320, busyCores, 40, held);

    [Fact]
    public void Two_nodes_with_one_light_trial_at_32_get_one_at_16()
    {
        // The acceptance run of 2026-12-05: 2 nodes started at 32 (0.35 cores) and doubled; only 32 was light.
        IReadOnlyList<TrialPoint> search = [Trial(1, 32, 0.35), Trial(2, 64, 0.46), Trial(3, 128, 0.62)];

        Assert.Equal(16, SizeJob.NextLightLoad(search, Cores, minLoad: 1e-3, added: 0));
    }

    [Fact]
    public void Halving_goes_on_below_the_last_light_trial_added_until_two_held()
    {
        IReadOnlyList<TrialPoint> search = [Trial(1, 48, 0.64), Trial(2, 24, 0.61)];

        Assert.Equal(12, SizeJob.NextLightLoad(search, 1.2, 1e-3, added: 1));
    }

    [Fact]
    public void None_is_added_once_two_light_trials_held_at_different_loads()
    {
        IReadOnlyList<TrialPoint> search = [Trial(1, 8, 0.30), Trial(2, 16, 0.33), Trial(3, 32, 0.45)];

        Assert.Null(SizeJob.NextLightLoad(search, Cores, 1e-3, added: 0));
    }

    [Fact]
    public void A_light_trial_that_broke_the_slo_or_a_repeat_of_one_load_does_not_count()
    {
        // Above the capacity a trial may use little CPU and still fail; two windows at one load are one load.
        IReadOnlyList<TrialPoint> broke = [Trial(1, 16, 0.30, held: false), Trial(2, 32, 0.35)];
        IReadOnlyList<TrialPoint> repeated = [Trial(1, 32, 0.35), Trial(2, 32, 0.36), Trial(3, 64, 0.5)];

        Assert.Equal(8, SizeJob.NextLightLoad(broke, Cores, 1e-3, added: 0));
        Assert.Equal(16, SizeJob.NextLightLoad(repeated, Cores, 1e-3, added: 0));
    }

    [Fact]
    public void No_more_than_three_are_added_nor_any_below_the_searchs_lowest_load()
    {
        IReadOnlyList<TrialPoint> heavy = [Trial(1, 6, 0.65), Trial(2, 3, 0.63)];

        Assert.Null(SizeJob.NextLightLoad(heavy, 1.2, 1e-3, added: SizeJob.LightTrialsAtMost));
        Assert.Null(SizeJob.NextLightLoad(heavy, 1.2, minLoad: 2, added: 1));
        Assert.Null(SizeJob.NextLightLoad([], 1.2, 1e-3, added: 0));
    }
}
