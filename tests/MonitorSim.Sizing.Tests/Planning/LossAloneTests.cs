using MonitorSim.Sizing.Planning;
using static MonitorSim.Sizing.Tests.Planning.Steps;

namespace MonitorSim.Sizing.Tests.Planning;

/// <summary>A trial that lost operations while it was far from overload says so: a tree near its capacity queues (its
/// percentiles rise towards their limits) before it loses anything.</summary>
public sealed class LossAloneTests
{
    private static SloVerdict AlarmP99(double ms) => new("alarm.p99 < 250ms", ms, ms < 250, LatencyLimitMs: 250);

    private static SloVerdict TimedOut(long count) => new("timed_out == 0", count, count == 0);

    private static StepMeasurement Trial(params SloVerdict[] verdicts) => Step(3, 128, 41_795) with { Slo = verdicts };

    [Fact]
    public void Operations_timed_out_while_the_alarm_p99_stood_at_a_fifth_of_its_limit_were_lost_below_overload()
    {
        var trial = Trial(AlarmP99(50.2), TimedOut(3));

        Assert.False(trial.SloHeld);
        Assert.True(trial.BrokeOnLossAlone);
    }

    [Fact]
    public void Operations_timed_out_while_the_latency_also_broke_or_neared_its_limit_are_overload()
    {
        Assert.False(Trial(AlarmP99(287.7), TimedOut(3)).BrokeOnLossAlone);
        Assert.False(Trial(AlarmP99(173.2), TimedOut(32)).BrokeOnLossAlone); // above half the limit: queueing had begun
        Assert.False(Trial(AlarmP99(290), TimedOut(0)).BrokeOnLossAlone);
    }

    [Fact]
    public void A_trial_that_held_or_had_no_latency_objective_to_judge_by_is_not_flagged()
    {
        Assert.False(Trial(AlarmP99(50), TimedOut(0)).BrokeOnLossAlone);
        Assert.False(Trial(TimedOut(3)).BrokeOnLossAlone);
        // A verdict without a value (no such metric) on a latency objective cannot vouch for the latency.
        Assert.False(Trial(new SloVerdict("alarm.p99 < 250ms", null, false, 250), TimedOut(3)).BrokeOnLossAlone);
    }
}
