using MonitorSim.Load.Measurement;

namespace MonitorSim.Load.Tests.Measurement;

/// <summary>The load generator's CPU covers the measured window, from the warm-up's end to the window's end, as the
/// process's CPU and the throughput do: not on to the end of its thread, which a generator behind schedule reaches only
/// after issuing its late arrivals. Instants and CPU readings are made up (a thread's CPU clock is read through a function).</summary>
public sealed class WindowCpuClockTests
{
    private const long WarmEnd = 1_000;
    private const long End = 21_000;

    [Fact]
    public void A_generator_still_issuing_after_the_window_is_counted_to_the_windows_end_not_to_its_threads()
    {
        var clock = new WindowCpuClock(WarmEnd, End);

        clock.Pass(500, () => 0.5); // in the warm-up: not read
        clock.Pass(1_002, () => 1.0); // first pass after the warm-up
        clock.Pass(15_000, () => 3.0);
        clock.Pass(21_040, () => 4.5); // first pass after the end: the window closes here
        clock.Pass(26_000, () => 6.0); // still issuing late arrivals
        clock.Ended(() => 7.0);

        Assert.Equal(3.5, clock.Seconds!.Value, 12);
    }

    [Fact]
    public void A_generator_stopped_before_the_end_closes_the_window_where_it_stopped()
    {
        var clock = new WindowCpuClock(WarmEnd, End);

        clock.Pass(1_000, () => 1.0);
        clock.Pass(9_000, () => 2.0);
        Assert.Null(clock.Seconds); // still open
        clock.Ended(() => 2.25);

        Assert.Equal(1.25, clock.Seconds!.Value, 12);
    }

    [Fact]
    public void A_generator_that_ended_inside_the_warm_up_spent_nothing_in_the_window()
    {
        var clock = new WindowCpuClock(WarmEnd, End);

        clock.Pass(200, () => 0.3);
        clock.Ended(() => 0.4);

        Assert.Equal(0, clock.Seconds);
    }

    [Fact]
    public void A_thread_clock_that_cannot_be_read_gives_no_figure_rather_than_a_wrong_one()
    {
        var clock = new WindowCpuClock(WarmEnd, End);

        clock.Pass(1_000, () => null);
        clock.Pass(End, () => 5.0);
        clock.Ended(() => 6.0);

        Assert.Null(clock.Seconds);
    }
}
