using MonitorSim.Domain.Monitoring;

namespace MonitorSim.Domain.Tests.Monitoring;

public sealed class DeviceLivenessTests
{
    private static readonly DateTime T0 = new(2026, 11, 27, 9, 0, 0);

    [Fact]
    public void A_registration_brings_a_device_online_once()
    {
        var table = new DeviceLiveness(3, MonitoringRules.Standard);

        var first = table.Register(1, T0);
        var refresh = table.Register(1, T0.AddMinutes(1));

        Assert.Equal(new StatusChange(1, true, StatusReason.Registered, T0), first);
        Assert.Null(refresh);
        Assert.Equal(1, table.OnlineCount);
    }

    [Fact]
    public void A_device_goes_offline_after_three_missed_keepalives_not_before()
    {
        var table = new DeviceLiveness(1, MonitoringRules.Standard);
        table.Register(0, T0);
        var changes = new List<StatusChange>();

        table.Sweep(T0.AddSeconds(179), changes);
        Assert.Empty(changes);

        table.Sweep(T0.AddSeconds(181), changes);
        var change = Assert.Single(changes);
        Assert.False(change.Online);
        Assert.Equal(StatusReason.MissedKeepalives, change.Reason);
        Assert.Equal(0, table.OnlineCount);
    }

    [Fact]
    public void Keepalives_on_time_keep_a_device_online()
    {
        var table = new DeviceLiveness(1, MonitoringRules.Standard);
        table.Register(0, T0);
        var changes = new List<StatusChange>();
        for (var minute = 1; minute <= 10; minute++)
        {
            Assert.Equal(KeepaliveVerdict.Accepted, table.Keepalive(0, T0.AddMinutes(minute), out _));
            table.Sweep(T0.AddMinutes(minute).AddSeconds(59), changes);
        }
        Assert.Empty(changes);
    }

    [Fact]
    public void An_offline_device_must_register_again_unless_any_keepalive_brings_it_back()
    {
        var strict = new DeviceLiveness(1, MonitoringRules.Standard);
        var lenient = new DeviceLiveness(1, MonitoringRules.Standard with { OnlineOnKeepalive = true });
        foreach (var table in new[] { strict, lenient })
        {
            table.Register(0, T0);
            table.Sweep(T0.AddSeconds(200), []);
            Assert.False(table.IsOnline(0));
        }

        Assert.Equal(KeepaliveVerdict.NotRegistered, strict.Keepalive(0, T0.AddSeconds(201), out var none));
        Assert.Null(none);
        Assert.False(strict.IsOnline(0));

        Assert.Equal(KeepaliveVerdict.AcceptedBackOnline, lenient.Keepalive(0, T0.AddSeconds(201), out var back));
        Assert.Equal(StatusReason.KeepaliveResumed, back!.Value.Reason);
        Assert.True(lenient.IsOnline(0));
    }

    [Fact]
    public void A_registration_lapses_after_its_expiry_even_if_keepalives_continue()
    {
        var rules = MonitoringRules.Standard;
        var table = new DeviceLiveness(1, rules);
        table.Register(0, T0);
        var changes = new List<StatusChange>();
        var t = T0;
        while (t < T0 + rules.RegistrationExpiry - TimeSpan.FromMinutes(1))
        {
            t = t.AddMinutes(1);
            table.Keepalive(0, t, out _);
        }
        table.Sweep(T0 + rules.RegistrationExpiry + TimeSpan.FromSeconds(1), changes);

        Assert.Equal(StatusReason.RegistrationExpired, Assert.Single(changes).Reason);
    }

    [Fact]
    public void A_restart_forgets_every_session_and_replaying_the_changes_rebuilds_the_status()
    {
        var table = new DeviceLiveness(4, MonitoringRules.Standard);
        var log = new List<StatusChange>();
        for (var d = 0; d < 3; d++) log.Add(table.Register(d, T0)!.Value);

        var replayed = new DeviceLiveness(4, MonitoringRules.Standard);
        foreach (var c in log) replayed.Apply(c);
        Assert.Equal(3, replayed.OnlineCount);

        var offline = replayed.Restart(T0.AddMinutes(5));
        Assert.Equal(3, offline.Count);
        Assert.All(offline, c => Assert.Equal(StatusReason.PlatformRestarted, c.Reason));
        Assert.Equal(0, replayed.OnlineCount);
        Assert.Equal(KeepaliveVerdict.NotRegistered, replayed.Keepalive(0, T0.AddMinutes(5), out _));
    }

    // Six cameras at three service points: 0 0 | 1 1 1 | 2.
    private static readonly int[] PointOfCamera = [0, 0, 1, 1, 1, 2];

    [Fact]
    public void The_cameras_online_at_each_point_follow_registrations_missed_keepalives_and_a_restart()
    {
        var table = new DeviceLiveness(PointOfCamera, 3, MonitoringRules.Standard);
        for (var d = 0; d < 6; d++) table.Register(d, T0);
        Assert.Equal([2, 3, 1], OnlinePerPoint(table));

        // Cameras 1 and 4 fall silent; the others keep alive; the sweep after three missed keepalives takes 1 and 4 offline.
        foreach (var d in new[] { 0, 2, 3, 5 }) table.Keepalive(d, T0.AddSeconds(120), out _);
        var swept = new List<StatusChange>();
        table.Sweep(T0.AddSeconds(181), swept);
        Assert.Equal([1, 4], swept.Select(c => c.Device));
        Assert.Equal([1, 2, 1], OnlinePerPoint(table));

        // Camera 4 registers again; the platform restarts (everyone offline); cameras 0 and 5 register afterwards.
        table.Register(4, T0.AddSeconds(190));
        Assert.Equal([1, 3, 1], OnlinePerPoint(table));
        table.Restart(T0.AddSeconds(200));
        Assert.Equal([0, 0, 0], OnlinePerPoint(table));
        table.Register(0, T0.AddSeconds(210));
        table.Register(5, T0.AddSeconds(210));
        Assert.Equal([1, 0, 1], OnlinePerPoint(table));
        Assert.Equal(Recount(table, PointOfCamera, 3), OnlinePerPoint(table));
    }

    [Fact]
    public void The_cameras_online_at_each_point_always_equal_a_recount_of_the_table_whatever_happens_in_whatever_order()
    {
        var rules = MonitoringRules.Standard with { OnlineOnKeepalive = true };
        var random = new Random(20);
        var pointOf = Enumerable.Range(0, 40).Select(_ => random.Next(7)).ToArray();
        var table = new DeviceLiveness(pointOf, 7, rules);
        var replayed = new DeviceLiveness(pointOf, 7, rules);
        var now = T0;
        for (var step = 0; step < 3000; step++)
        {
            now = now.AddSeconds(random.Next(1, 40));
            var device = random.Next(pointOf.Length);
            var changes = new List<StatusChange>();
            switch (random.Next(10))
            {
                case < 4: if (table.Register(device, now) is { } registered) changes.Add(registered); break;
                case < 8: if (table.Keepalive(device, now, out var back) == KeepaliveVerdict.AcceptedBackOnline) changes.Add(back!.Value); break;
                case 8: table.Sweep(now, changes); break;
                default: if (random.Next(20) == 0) changes.AddRange(table.Restart(now)); break;
            }
            foreach (var c in changes) replayed.Apply(c);
            Assert.Equal(Recount(table, pointOf, 7), OnlinePerPoint(table, 7));
            Assert.Equal(OnlinePerPoint(table, 7), OnlinePerPoint(replayed, 7));
        }

        // A snapshot of the online flags restored into an empty table counts the same.
        var restored = new DeviceLiveness(pointOf, 7, rules);
        restored.ImportOnline(table.ExportOnline());
        Assert.Equal(Recount(table, pointOf, 7), OnlinePerPoint(restored, 7));
        Assert.True(table.OnlineCount > 0, "the walk should end with cameras online, or it checked little");
    }

    [Fact]
    public void A_camera_placed_at_a_point_that_does_not_exist_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceLiveness([0, 3], 3, MonitoringRules.Standard));
        Assert.Contains("device 1 is at point 3", error.Message);
    }

    private static int[] OnlinePerPoint(DeviceLiveness table, int points = 3) =>
        Enumerable.Range(0, points).Select(table.OnlineAt).ToArray();

    /// <summary>Counts the online cameras of each point from the table's own flags.</summary>
    private static int[] Recount(DeviceLiveness table, int[] pointOf, int points)
    {
        var counts = new int[points];
        for (var d = 0; d < table.Count; d++)
            if (table.IsOnline(d)) counts[pointOf[d]]++;
        return counts;
    }
}
