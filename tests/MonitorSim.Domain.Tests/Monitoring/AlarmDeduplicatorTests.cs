using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Domain.Tests.Monitoring;

public sealed class AlarmDeduplicatorTests
{
    private static readonly DateTime T0 = new(2026, 11, 27, 9, 0, 0);

    // A platform whose points are 100, 101 and 102.
    private static AlarmDeduplicator Platform(int remembered = AlarmDeduplicator.Remembered) => new(3, 100, remembered);

    private static AlarmRaised Stored(long alarmId, int point, long pointSeq) =>
        new(alarmId, 7, point, AlarmType.DeskUnattended, T0, pointSeq);

    [Fact]
    public void A_new_alarm_is_stored_and_a_copy_of_it_is_answered_with_the_stored_id_without_storing_it_again()
    {
        var dedup = Platform();

        Assert.Equal(AlarmArrival.New, dedup.Arrive(101, 5, out _));
        dedup.Apply(Stored(42, 101, 5));

        // The camera heard nothing and sent it again: its point passes on the same alarm, same number.
        Assert.Equal(AlarmArrival.Stored, dedup.Arrive(101, 5, out var id));
        Assert.Equal(42, id);
        Assert.Equal(1, dedup.Copies);
        // The next alarm of that point is new, and so is the same number at another point.
        Assert.Equal(AlarmArrival.New, dedup.Arrive(101, 6, out _));
        Assert.Equal(AlarmArrival.New, dedup.Arrive(102, 5, out _));
    }

    [Fact]
    public void A_copy_that_arrives_while_the_first_is_being_stored_is_not_stored_again()
    {
        var dedup = Platform();
        Assert.Equal(AlarmArrival.New, dedup.Arrive(100, 9, out _));

        Assert.Equal(AlarmArrival.BeingStored, dedup.Arrive(100, 9, out var id));
        Assert.Equal(0, id);
        dedup.Apply(Stored(1, 100, 9));
        Assert.Equal(AlarmArrival.Stored, dedup.Arrive(100, 9, out id));
        Assert.Equal(1, id);
        Assert.Equal(2, dedup.Copies);
    }

    [Fact]
    public void An_older_alarm_of_the_point_arriving_late_is_a_copy_of_one_already_stored()
    {
        var dedup = Platform();
        foreach (var seq in new long[] { 1, 2, 3 })
        {
            Assert.Equal(AlarmArrival.New, dedup.Arrive(100, seq, out _));
            dedup.Apply(Stored(seq, 100, seq));
        }

        // The point's resend of alarm 2 (its acknowledgment was lost) comes after alarm 3 was stored.
        Assert.Equal(AlarmArrival.Stored, dedup.Arrive(100, 2, out var id));
        Assert.Equal(2, id);
    }

    [Fact]
    public void A_copy_of_an_alarm_stored_too_long_ago_to_remember_is_known_as_stored_without_its_id()
    {
        var dedup = Platform(remembered: 2);
        for (var seq = 1; seq <= 3; seq++)
        {
            dedup.Arrive(100, seq, out _);
            dedup.Apply(Stored(seq * 10, 100, seq));
        }

        Assert.Equal(AlarmArrival.Stored, dedup.Arrive(100, 1, out var forgotten));
        Assert.Equal(0, forgotten);
        Assert.Equal(AlarmArrival.Stored, dedup.Arrive(100, 3, out var remembered));
        Assert.Equal(30, remembered);
    }

    [Fact]
    public void A_copy_arriving_after_the_remembered_time_is_known_as_stored_without_its_id()
    {
        var now = TimeSpan.Zero;
        var dedup = new AlarmDeduplicator(3, 100, now: () => now);
        dedup.Arrive(100, 1, out _);
        dedup.Apply(Stored(10, 100, 1));

        // Two minutes and a bit later another alarm is stored: the first one's id is forgotten, its being stored is not.
        now += AlarmDeduplicator.RememberFor + TimeSpan.FromSeconds(1);
        dedup.Arrive(100, 2, out _);
        dedup.Apply(Stored(20, 100, 2));

        Assert.Equal(AlarmArrival.Stored, dedup.Arrive(100, 1, out var forgotten));
        Assert.Equal(0, forgotten);
        Assert.Equal(AlarmArrival.Stored, dedup.Arrive(100, 2, out var remembered));
        Assert.Equal(20, remembered);
    }

    [Fact]
    public void At_a_steady_alarm_rate_the_remembered_alarms_stop_growing_once_the_remembered_time_is_full()
    {
        var now = TimeSpan.Zero;
        var dedup = new AlarmDeduplicator(1, 100, now: () => now);
        var counts = new List<int>();
        // Ten alarms a second for ten minutes at one point, each recorded by the platform above.
        for (var seq = 1; seq <= 6_000; seq++)
        {
            now = TimeSpan.FromSeconds(seq / 10.0);
            dedup.Arrive(100, seq, out _);
            dedup.Apply(Stored(seq, 100, seq));
            dedup.RecordedAbove(seq);
            if (seq % 600 == 0) counts.Add(dedup.RememberedCount);
        }

        // Two minutes at ten a second: about 1,200, from the second minute's end to the tenth.
        Assert.All(counts.Skip(2), c => Assert.InRange(c, 1_190, 1_210));
        Assert.True(dedup.IsRecordedAbove(6_000));
        Assert.False(dedup.IsRecordedAbove(4_000));
    }

    [Fact]
    public void After_a_restart_the_journal_and_the_snapshot_say_what_is_stored_so_a_copy_is_still_not_stored_again()
    {
        var before = Platform();
        before.Arrive(100, 4, out _);
        before.Apply(Stored(1, 100, 4));
        var snapshot = before.ExportStored();
        Assert.Equal([4L, 0L, 0L], snapshot);

        // A new incarnation: the snapshot, then the events after it replayed.
        var after = Platform();
        after.ImportStored(snapshot);
        after.Apply(Stored(2, 102, 8));

        Assert.Equal(AlarmArrival.Stored, after.Arrive(100, 4, out var fromSnapshot));
        Assert.Equal(0, fromSnapshot); // the snapshot keeps the numbers only
        Assert.Equal(AlarmArrival.Stored, after.Arrive(102, 8, out var replayed));
        Assert.Equal(2, replayed);
        Assert.Equal(AlarmArrival.New, after.Arrive(100, 5, out _));
    }

    [Fact]
    public void An_alarm_the_platform_above_recorded_is_known_as_recorded()
    {
        var dedup = Platform();
        dedup.Apply(Stored(42, 101, 5));
        Assert.False(dedup.IsRecordedAbove(42));

        dedup.RecordedAbove(42);

        Assert.True(dedup.IsRecordedAbove(42));
        Assert.False(dedup.IsRecordedAbove(43));
    }
}
