using System.Diagnostics;
using MonitorSim.Load.Engine;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>A burst's drain: from the generator's wake to the last answer to what it issued then, each answer charged to
/// the burst its operation started in.</summary>
public sealed class BurstTimerTests
{
    private static readonly long Second = Stopwatch.Frequency;

    [Fact]
    public void Each_answer_counts_in_the_burst_its_operation_started_in_and_the_last_one_ends_the_drain()
    {
        var timer = new BurstTimer(8);
        timer.Woke(10 * Second, 10);
        timer.Woke(11 * Second, 11);
        // Burst 1: three operations started at 10.0–10.1 s, answered by 10.25 s, one of them after the next wake.
        timer.Completed(10 * Second, 10 * Second + Second / 10);
        timer.Completed(10 * Second + Second / 10, 11 * Second + Second / 4);
        timer.Completed(10 * Second + Second / 20, 10 * Second + Second / 5);
        // Burst 2: one operation, answered 0.5 s after the wake.
        timer.Completed(11 * Second + 1, 11 * Second + Second / 2);
        // Started before the first wake: no burst's.
        timer.Completed(9 * Second, 10 * Second);

        var bursts = timer.Between(0, 20 * Second);

        Assert.Equal(2, bursts.Count);
        Assert.Equal(3, bursts[0].Operations);
        Assert.Equal(1.25, bursts[0].DrainSeconds, 9);
        Assert.Equal(3 / 1.25, bursts[0].OpsPerSecond, 9);
        Assert.Equal(new BurstDrain(1, 0.5, 11), bursts[1]);
    }

    [Fact]
    public void Only_the_bursts_that_started_in_the_window_and_were_answered_are_returned()
    {
        var timer = new BurstTimer(8);
        timer.Woke(1 * Second, 1);
        timer.Woke(2 * Second, 2);
        timer.Woke(3 * Second, 3); // nothing issued in it
        timer.Completed(1 * Second, 1 * Second + Second / 10);
        timer.Completed(2 * Second, 2 * Second + Second / 10);

        Assert.Equal([new BurstDrain(1, 0.1, 2)], timer.Between(2 * Second, 4 * Second));
    }

    [Fact]
    public void Bursts_past_the_capacity_and_wakes_out_of_order_are_not_timed()
    {
        var timer = new BurstTimer(2);
        timer.Woke(2 * Second, 2);
        timer.Woke(1 * Second, 1); // earlier than the last: ignored
        timer.Woke(3 * Second, 3);
        timer.Woke(4 * Second, 4); // past the capacity
        timer.Completed(4 * Second + 1, 5 * Second);

        // The answer falls to the last burst timed (3 s), which it started after.
        Assert.Equal([new BurstDrain(1, 2, 3)], timer.Between(0, 10 * Second));
    }

    [Fact]
    public void A_wake_within_a_tick_that_has_its_burst_starts_none_and_what_it_issues_belongs_to_that_burst()
    {
        var timer = new BurstTimer(8);
        timer.Woke(1 * Second, 1);
        timer.Woke(1 * Second + Second / 2, 1); // woken early (a closed-model copy came free), still in tick 1
        timer.Woke(2 * Second, 2);
        timer.Completed(1 * Second + Second / 2, 1 * Second + Second * 3 / 4);
        timer.Completed(1 * Second, 1 * Second + Second / 10);

        Assert.Equal([new BurstDrain(2, 0.75, 1)], timer.Between(0, 10 * Second));
    }

    [Fact]
    public void Bursts_of_several_generators_on_the_same_tick_are_one_burst_worked_off_when_the_slowest_node_is_done()
    {
        IReadOnlyList<BurstDrain> coordinator = [new(100, 0.20, 4), new(120, 0.25, 5), new(90, 0.10, 7)];
        IReadOnlyList<BurstDrain> worker = [new(300, 0.30, 4), new(280, 0.15, 5), new(50, 0.05, 6)];

        var inStep = BurstDrain.InStep([worker, coordinator]);

        // Tick by tick, in order: the operations summed, the drain the longest; a tick only one node timed stays its own.
        Assert.Equal([new BurstDrain(400, 0.30, 4), new BurstDrain(400, 0.25, 5), new BurstDrain(50, 0.05, 6), new BurstDrain(90, 0.10, 7)], inStep);
        Assert.Equal(400 / 0.30, inStep[0].OpsPerSecond, 9);
    }
}
