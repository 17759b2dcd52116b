using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Domain.Tests.Monitoring;

public sealed class ActiveAlarmsTests
{
    private static readonly DateTime T0 = new(2026, 11, 27, 9, 0, 0);

    [Fact]
    public void Alarms_are_counted_per_point_and_clear_in_raise_order_after_their_time()
    {
        var alarms = new ActiveAlarms(points: 3, firstPoint: 100);
        alarms.Apply(new AlarmRaised(1, 5, 100, AlarmType.DeskUnattended, T0));
        alarms.Apply(new AlarmRaised(2, 6, 102, AlarmType.Conflict, T0.AddMinutes(4)));
        alarms.Apply(new AlarmRaised(3, 7, 102, AlarmType.VideoLoss, T0.AddMinutes(8)));

        Assert.Equal(3, alarms.Count);
        Assert.Equal(1, alarms.AtPoint(0));
        Assert.Equal(2, alarms.AtPoint(2));

        var cleared = alarms.ClearDue(T0.AddMinutes(14), TimeSpan.FromMinutes(10));

        Assert.Equal([1L, 2L], cleared.Select(c => c.AlarmId));
        Assert.Equal(1, alarms.Count);
        Assert.Equal(0, alarms.AtPoint(0));
        Assert.Equal(1, alarms.AtPoint(2));
        Assert.Equal(3, alarms.Raised);
    }

    [Fact]
    public void A_replayed_clearance_is_not_cleared_twice_and_a_snapshot_round_trips()
    {
        var alarms = new ActiveAlarms(2, 0);
        alarms.Apply(new AlarmRaised(1, 0, 0, AlarmType.StaffAbsent, T0));
        alarms.Apply(new AlarmRaised(2, 1, 1, AlarmType.StaffAbsent, T0.AddMinutes(1)));
        alarms.Apply(new AlarmCleared(1, T0.AddMinutes(10)));
        Assert.Equal(1, alarms.Count);

        Assert.Empty(alarms.ClearDue(T0.AddMinutes(10), TimeSpan.FromMinutes(10)));

        var restored = new ActiveAlarms(2, 0);
        restored.Import(alarms.Export(), alarms.Raised);
        Assert.Equal(1, restored.Count);
        Assert.Equal(1, restored.AtPoint(1));
        Assert.Equal(2, restored.Raised);
        Assert.Equal(2, Assert.Single(restored.ClearDue(T0.AddMinutes(11), TimeSpan.FromMinutes(10))).AlarmId);
    }

    [Fact]
    public void Replaying_events_a_snapshot_already_reflects_changes_nothing()
    {
        var alarms = new ActiveAlarms(1, 0);
        alarms.Apply(new AlarmRaised(1, 0, 0, AlarmType.StaffAbsent, T0));
        alarms.Apply(new AlarmRaised(2, 0, 0, AlarmType.StaffAbsent, T0));
        alarms.Apply(new AlarmRaised(3, 0, 0, AlarmType.Conflict, T0.AddMinutes(5)));
        // A sweep clears two alarms at once; the snapshot is taken while their clearances are still being persisted.
        var cleared = alarms.ClearDue(T0.AddMinutes(10), TimeSpan.FromMinutes(10));
        var snapshot = alarms.Export();

        var restored = new ActiveAlarms(1, 0);
        restored.Import(snapshot, alarms.Raised);
        foreach (var c in cleared) restored.Apply(c);                           // replayed after the snapshot
        restored.Apply(new AlarmRaised(3, 0, 0, AlarmType.Conflict, T0.AddMinutes(5))); // an event applied twice

        Assert.Equal(2, cleared.Count);
        Assert.Equal(1, restored.Count);
        Assert.Equal(1, restored.AtPoint(0));
        Assert.Equal(3, restored.Raised);
    }

    [Fact]
    public void The_next_clearance_falls_due_at_the_oldest_active_alarms_time()
    {
        var alarms = new ActiveAlarms(2, 0);
        Assert.Null(alarms.NextDueAt(TimeSpan.FromSeconds(5)));
        alarms.Apply(new AlarmRaised(1, 0, 0, AlarmType.StaffAbsent, T0));
        alarms.Apply(new AlarmRaised(2, 1, 1, AlarmType.StaffAbsent, T0.AddSeconds(2)));

        Assert.Equal(T0.AddSeconds(5), alarms.NextDueAt(TimeSpan.FromSeconds(5)));
        alarms.ClearDue(T0.AddSeconds(5), TimeSpan.FromSeconds(5));
        Assert.Equal(T0.AddSeconds(7), alarms.NextDueAt(TimeSpan.FromSeconds(5)));
        alarms.ClearDue(T0.AddSeconds(7), TimeSpan.FromSeconds(5));
        Assert.Null(alarms.NextDueAt(TimeSpan.FromSeconds(5)));
    }
}
