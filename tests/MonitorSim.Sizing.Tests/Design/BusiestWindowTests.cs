using MonitorSim.Sizing.Design;

namespace MonitorSim.Sizing.Tests.Design;

/// <summary>A log's busiest window: whole seconds, any order of events, rates per operation over the window.</summary>
public sealed class BusiestWindowTests
{
    private static readonly DateTime T0 = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    private static long At(double seconds) => T0.Ticks + (long)(seconds * TimeSpan.TicksPerSecond);

    [Fact]
    public void The_busiest_ten_seconds_are_found_wherever_they_lie_and_their_rates_are_per_operation()
    {
        var w = new BusiestWindow(10);
        // A quiet hour: one alarm a second.
        for (var s = 0; s < 3600; s++) w.Add(At(s + 0.5), "alarm");
        // A burst at 1,800–1,804 s: 100 registrations a second for 5 s.
        for (var s = 1800; s < 1805; s++)
            for (var i = 0; i < 100; i++) w.Add(At(s + i / 100.0), "registration");

        var peak = w.Peak("day.csv")!;

        // The window holds the whole burst (500) and ten of the quiet alarms.
        Assert.Equal(510, peak.EventsInWindow);
        Assert.Equal(51, peak.OpsPerSecond, 9);
        Assert.Equal(50, peak.RatesPerS["registration"], 9);
        Assert.Equal(1, peak.RatesPerS["alarm"], 9);
        Assert.Equal(3600 + 500, peak.Events);
        Assert.InRange(peak.WindowStartUtc, T0.AddSeconds(1795), T0.AddSeconds(1800));
    }

    [Fact]
    public void Events_out_of_order_are_counted_as_in_order()
    {
        var ordered = new BusiestWindow(2);
        var shuffled = new BusiestWindow(2);
        double[] times = [0.1, 0.2, 5.0, 5.5, 6.2, 6.9, 9.0];
        foreach (var t in times) ordered.Add(At(t), "alarm");
        foreach (var t in times.Reverse()) shuffled.Add(At(t), "alarm");

        Assert.Equal(4, ordered.Peak("a")!.EventsInWindow); // 5.0, 5.5, 6.2, 6.9 within seconds 5–6
        Assert.Equal(ordered.Peak("a")!.EventsInWindow, shuffled.Peak("a")!.EventsInWindow);
        Assert.Equal(T0.AddSeconds(5), shuffled.Peak("a")!.WindowStartUtc);
    }

    [Fact]
    public void A_window_is_whole_seconds_so_a_clump_of_same_second_timestamps_is_spread_over_it()
    {
        var w = new BusiestWindow(10);
        for (var i = 0; i < 200; i++) w.Add(At(42), "keepalive"); // 200 events written with the same second

        Assert.Equal(20, w.Peak("x")!.OpsPerSecond, 9);
    }

    [Fact]
    public void An_event_a_tick_before_a_whole_second_falls_into_the_second_before_it()
    {
        var w = new BusiestWindow(1);
        w.Add(DateTime.UnixEpoch.Ticks - 1, "alarm");
        w.Add(DateTime.UnixEpoch.Ticks, "alarm");

        Assert.Equal(1, w.Peak("x")!.EventsInWindow);
    }

    [Fact]
    public void No_events_no_peak_and_a_window_under_a_second_is_refused()
    {
        Assert.Null(new BusiestWindow(10).Peak("empty.csv"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BusiestWindow(0));
    }
}
