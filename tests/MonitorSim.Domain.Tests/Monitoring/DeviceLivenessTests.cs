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
}
