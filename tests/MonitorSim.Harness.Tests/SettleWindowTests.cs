using MonitorSim.Harness.Capacity;
using MonitorSim.Load.Scenarios;
using MonitorSim.Sizing.Search;

namespace MonitorSim.Harness.Tests;

/// <summary>A settle window runs as a trial does: the trial's warm-up, then the statistics (discarded), so that the first
/// trial does not run the statistics' code for the first time under its node's quota.</summary>
public sealed class SettleWindowTests
{
    private static SizeSettings Settings(double warmUpS, double settleS) => new(new SearchSettings(1), TimeSpan.FromSeconds(warmUpS),
        TimeSpan.FromSeconds(12), Array.Empty<ThresholdDefinition>(), 0.6, 1, 1, 16, [1], TimeSpan.FromSeconds(settleS));

    [Fact]
    public void A_settle_window_longer_than_a_trials_warm_up_keeps_statistics_after_that_warm_up()
    {
        // The defaults: 6 s of warm-up, 20 s windows: 14 s of every settle window run with the statistics.
        Assert.Equal(TimeSpan.FromSeconds(6), SizeJob.SettleWarmUp(Settings(6, 20)));
    }

    [Fact]
    public void A_settle_window_no_longer_than_a_trials_warm_up_keeps_statistics_over_its_second_half()
    {
        // --quick: 4 s of warm-up and 4 s windows.
        Assert.Equal(TimeSpan.FromSeconds(2), SizeJob.SettleWarmUp(Settings(4, 4)));
    }
}
