using MonitorSim.Cluster.Actors;

namespace MonitorSim.Cluster.Tests;

/// <summary>The node's record of the city → province hop: what it keeps, and what it counts when it cannot keep it.</summary>
public sealed class ProvinceHopLogTests
{
    [Fact]
    public void Hops_past_the_cap_are_counted_as_clipped_not_dropped_silently()
    {
        var log = new ProvinceHopLog(maxSamples: 2);
        for (var id = 1L; id <= 3; id++) log.PassedUp((0, id), now: 100 * id);

        for (var id = 1L; id <= 3; id++) log.Acknowledged((0, id), now: 1_000);
        var hops = log.Hops();

        Assert.Equal([900L, 800L], hops.HopTicks);
        Assert.Equal([100L, 200L], hops.RecordedAt);
        Assert.Equal(1, hops.Clipped);
        Assert.Equal(0, hops.Unacknowledged);
    }

    [Fact]
    public void An_alarm_passed_up_again_before_its_acknowledgment_keeps_the_time_it_was_first_passed_up()
    {
        var log = new ProvinceHopLog();
        Assert.Equal(100, log.PassedUp((3, 7), now: 100));

        // The city platform restarted and the platform reported the alarm to it again.
        Assert.Equal(100, log.PassedUp((3, 7), now: 5_000));
        log.Acknowledged((3, 7), now: 6_000);

        Assert.Equal([5_900L], log.Hops().HopTicks);
    }

    [Fact]
    public void Alarms_never_acknowledged_are_counted_and_an_acknowledgment_of_one_not_passed_up_changes_nothing()
    {
        var log = new ProvinceHopLog();
        log.PassedUp((0, 1), now: 10);
        log.PassedUp((0, 2), now: 20);
        log.Acknowledged((0, 1), now: 30);

        log.Acknowledged((0, 1), now: 40); // twice
        log.Acknowledged((1, 9), now: 50); // never passed up here
        var hops = log.Hops();

        Assert.Equal([20L], hops.HopTicks);
        Assert.Equal(1, hops.Unacknowledged);
        Assert.Equal(0, hops.Clipped);
    }

    [Fact]
    public void Each_city_platform_start_is_counted_and_the_first_one_dates_the_log()
    {
        var log = new ProvinceHopLog();
        Assert.Equal((0, 0L), (log.Hops().CityStarts, log.Hops().Since));

        log.CityStarted();
        var since = log.Hops().Since;
        log.CityStarted();

        Assert.Equal(2, log.Hops().CityStarts);
        Assert.True(since > 0);
        Assert.Equal(since, log.Hops().Since);
    }
}
