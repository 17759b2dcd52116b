using System.Diagnostics;
using MonitorSim.Load.Engine;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>A burst's drain: from the generator's wake to the first and the last answer to what it issued then, each
/// answer charged to the burst its operation started in; its rate runs from the first answer to the last.</summary>
public sealed class BurstTimerTests
{
    private static readonly long Second = Stopwatch.Frequency;

    [Fact]
    public void Each_answer_counts_in_the_burst_its_operation_started_in_the_first_one_is_timed_and_the_last_one_ends_the_drain()
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
        Assert.Equal(0.1, bursts[0].FirstAnswerSeconds, 9);
        Assert.Equal(2 / 1.15, bursts[0].OpsPerSecond, 9);
        Assert.Equal(new BurstDrain(1, 0.5, 11, 0.5), bursts[1]);
        Assert.True(double.IsNaN(bursts[1].OpsPerSecond)); // one answer: no dispersion to time
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

        Assert.Equal([new BurstDrain(1, 0.1, 2, 0.1)], timer.Between(2 * Second, 4 * Second));
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
        Assert.Equal([new BurstDrain(1, 2, 3, 2)], timer.Between(0, 10 * Second));
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

        Assert.Equal([new BurstDrain(2, 0.75, 1, 0.1)], timer.Between(0, 10 * Second));
    }

    [Fact]
    public void Bursts_of_several_generators_on_the_same_tick_are_one_burst_first_answered_by_the_quickest_node_and_worked_off_when_the_slowest_is_done()
    {
        IReadOnlyList<BurstDrain> coordinator = [new(100, 0.20, 4, 0.02), new(120, 0.25, 5, 0.03), new(90, 0.10, 7, 0.01)];
        IReadOnlyList<BurstDrain> worker = [new(300, 0.30, 4, 0.05), new(280, 0.15, 5, 0.01), new(50, 0.05, 6, 0.02)];

        var inStep = BurstDrain.InStep([worker, coordinator]);

        // Tick by tick, in order: the operations summed, the drain the longest, the first answer the earliest; a tick only
        // one node timed stays its own.
        Assert.Equal([new BurstDrain(400, 0.30, 4, 0.02), new BurstDrain(400, 0.25, 5, 0.01), new BurstDrain(50, 0.05, 6, 0.02), new BurstDrain(90, 0.10, 7, 0.01)], inStep);
        Assert.Equal(399 / 0.28, inStep[0].OpsPerSecond, 9);
    }

    [Fact]
    public void A_bursts_rate_leaves_out_the_one_operations_way_through_the_tree_that_it_pays_once()
    {
        // 1,001 operations issued at a wake, the first answered 20 ms later (its way through an idle tree and back), the
        // last 120 ms later: the tree worked 1,000 operations off in 100 ms after the first came through.
        var timer = new BurstTimer(4);
        timer.Woke(1 * Second, 1);
        timer.Completed(1 * Second, 1 * Second + Second / 50);
        for (var i = 0; i < 999; i++) timer.Completed(1 * Second, 1 * Second + Second / 50 + Second / 20);
        timer.Completed(1 * Second, 1 * Second + Second * 12 / 100);

        var burst = Assert.Single(timer.Between(0, 2 * Second));

        Assert.Equal(10_000, burst.OpsPerSecond, 6);
        Assert.True(burst.Operations / burst.DrainSeconds < 8_400); // from the wake it would read a sixth lower
    }
}
