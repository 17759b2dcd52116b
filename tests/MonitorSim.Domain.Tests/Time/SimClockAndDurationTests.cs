using MonitorSim.Domain.Time;

namespace MonitorSim.Domain.Tests.Time;

public sealed class SimClockAndDurationTests
{
    [Theory]
    [InlineData("250ms", 0.25)]
    [InlineData("60s", 60)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("30d", 2_592_000)]
    [InlineData("1.5s", 1.5)]
    public void Durations_read_the_way_scenarios_write_them(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds, 6);
    }

    [Theory]
    [InlineData("10x")]
    [InlineData("10")]
    [InlineData("-5s")]
    [InlineData("")]
    [InlineData("s")]
    public void Malformed_durations_are_refused(string text) => Assert.False(Durations.TryParse(text, out _));

    [Fact]
    public void Compression_maps_sim_time_to_wall_time_both_ways()
    {
        ISimClock clock = new ManualSimClock(new DateTime(2026, 11, 27, 9, 0, 0), compression: 60);

        Assert.Equal(TimeSpan.FromSeconds(1), clock.ToWall(TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromHours(1), clock.ToSim(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void A_manual_clock_moves_only_when_told()
    {
        var start = new DateTime(2026, 11, 27, 9, 0, 0);
        var clock = new ManualSimClock(start);

        Assert.Equal(start, clock.Now);
        clock.Advance(TimeSpan.FromSeconds(181));
        Assert.Equal(start.AddSeconds(181), clock.Now);
    }

    [Fact]
    public void A_wall_driven_clock_refuses_a_compression_that_would_stop_time() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimClock(DateTime.Now, 0));
}
