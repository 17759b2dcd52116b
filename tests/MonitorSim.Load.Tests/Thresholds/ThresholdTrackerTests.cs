using MonitorSim.Load.Scenarios;
using MonitorSim.Load.Thresholds;

namespace MonitorSim.Load.Tests.Thresholds;

/// <summary>Thresholds are checked at every reporting interval and at the end: the end decides, the intervals are reported.</summary>
public sealed class ThresholdTrackerTests
{
    private static DictionaryMetricSource M(params (string Key, double Value)[] values) => new(values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void A_failure_rate_that_spiked_mid_run_is_reported_even_when_the_end_figure_holds()
    {
        var tracker = new ThresholdTracker([ThresholdDefinition.Parse("keepalive.fail_pct < 0.1")]);

        Assert.Null(tracker.Check(M(("keepalive.fail_pct", 0.0)), 11));
        Assert.Null(tracker.Check(M(("keepalive.fail_pct", 2.5)), 12)); // a storm: not an abort threshold, the run goes on
        Assert.Null(tracker.Check(M(("keepalive.fail_pct", 0.3)), 13));
        var result = Assert.Single(tracker.Finish(M(("keepalive.fail_pct", 0.05)), null));

        Assert.True(result.Passed); // the verdict is the whole run's figure …
        Assert.Equal(0.05, result.Value);
        Assert.Equal((4, 2, 12.0), (result.Checks, result.FailedChecks, result.FirstFailedAtS!.Value)); // … but the spike shows
        Assert.Contains("held at the end; failed 2 of 3 interval checks, first at t=12.0s", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_threshold_about_the_whole_run_is_judged_on_the_whole_run()
    {
        // Before the first stall the p99 is small; by the end it shows the stall. Early checks fail, the verdict holds.
        var tracker = new ThresholdTracker([ThresholdDefinition.Parse("stall.p99 >= 500ms")]);
        tracker.Check(M(("stall.p99", 1.1)), 6);
        tracker.Check(M(("stall.p99", 900)), 16);

        var result = Assert.Single(tracker.Finish(M(("stall.p99", 906)), null));
        Assert.True(result.Passed);
        Assert.Equal(1, result.FailedChecks);

        var failing = new ThresholdTracker([ThresholdDefinition.Parse("stall.p99 >= 500ms")]);
        Assert.False(Assert.Single(failing.Finish(M(("stall.p99", 3)), null)).Passed);
    }

    [Fact]
    public void A_threshold_that_held_at_every_check_passes_and_says_how_often_it_was_checked()
    {
        var tracker = new ThresholdTracker([ThresholdDefinition.Parse("alarm.p99 < 250ms")]);
        for (var t = 1; t <= 5; t++) tracker.Check(M(("alarm.p99", 40 + t)), t);

        var result = Assert.Single(tracker.Finish(M(("alarm.p99", 44)), null));

        Assert.True(result.Passed);
        Assert.Equal((6, 0), (result.Checks, result.FailedChecks));
        Assert.Null(result.FirstFailedAtS);
        Assert.Null(result.Error);
    }

    [Fact]
    public void An_abort_threshold_stops_the_run_at_its_first_failed_check_and_is_named_in_the_results()
    {
        var dropped = new ThresholdDefinition("dropped == 0", ThresholdExpression.Parse("dropped == 0"), Abort: true);
        var tracker = new ThresholdTracker([ThresholdDefinition.Parse("alarm.p99 < 250ms"), dropped]);

        Assert.Null(tracker.Check(M(("alarm.p99", 10), ("dropped", 0)), 11));
        var reason = tracker.Check(M(("alarm.p99", 10), ("dropped", 7)), 12);

        Assert.Equal("threshold 'dropped == 0' failed at t=12.0s (value 7)", reason);
        var results = tracker.Finish(M(("alarm.p99", 10), ("dropped", 7)), reason);
        Assert.True(results[0].Passed);
        Assert.False(results[1].Passed);
        Assert.Equal($"aborted the run: {reason}", results[1].Error);
    }

    [Fact]
    public void A_metric_without_samples_is_not_checked_and_a_metric_the_run_never_had_fails_at_the_end()
    {
        var tracker = new ThresholdTracker([ThresholdDefinition.Parse("alarm.p99 < 250ms")]);
        tracker.Check(M(), 11); // no alarm answered yet
        tracker.Check(M(("alarm.p99", 20)), 12);
        Assert.True(tracker.Finish(M(("alarm.p99", 20)), null)[0] is { Passed: true, Checks: 2 });

        var never = new ThresholdTracker([ThresholdDefinition.Parse("registration.p99 < 250ms")]);
        var result = never.Finish(M(), null)[0];
        Assert.False(result.Passed);
        Assert.Contains("no such metric", result.Error, StringComparison.Ordinal);
    }
}
