using MonitorSim.Domain.Operations;
using MonitorSim.Sip.Diagnostics;
using MonitorSim.Sip.Message;
using MonitorSim.Sip.Tests.Support;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Tests;

/// <summary>Cameras and a platform of this stack talking over loopback, UDP and TCP.</summary>
public class LoopbackTests
{
    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task A_camera_registers_through_the_digest_challenge(SipTransportKind kind)
    {
        await using var platform = Loopback.Platform(kind);
        var outcomes = new OutcomeRecorder();
        await using var cameras = await Loopback.Devices(platform.Address, outcomes);

        cameras.Register(1, Loopback.Ticket(1));
        var outcome = await outcomes.NextAsync();

        Assert.Equal((OperationKind.Registration, OpStatus.Ok, 1), (outcome.Kind, outcome.Status, outcome.Ticket.Subject));
        Assert.True(outcome.Completed >= outcome.Ticket.Intended);
        Assert.Equal(["32030000001320000001"], platform.Registrations.Devices(System.Diagnostics.Stopwatch.GetTimestamp()));
        // REGISTER → 401 → REGISTER with Authorization → 200.
        Assert.Equal(2, cameras.Counters[SipEvent.RequestsSent]);
        Assert.Equal(2, platform.Counters[SipEvent.RequestsReceived]);
        Assert.Equal(2, cameras.Counters[SipEvent.FinalResponses]);
        Assert.Equal(1, cameras.Registered);
        Assert.Equal(0, cameras.Counters.ProblemCount + platform.Counters.ProblemCount);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task A_wrong_password_is_refused_403_and_reported_as_an_auth_failure(SipTransportKind kind)
    {
        await using var platform = Loopback.Platform(kind);
        var outcomes = new OutcomeRecorder();
        await using var cameras = await Loopback.Devices(platform.Address, outcomes, password: "wrong");

        cameras.Register(0, Loopback.Ticket(0));
        var outcome = await outcomes.NextAsync();

        Assert.Equal((OpStatus.Rejected, "sip_403"), (outcome.Status, outcome.Reason));
        Assert.Equal(1, platform.Counters[SipProblem.AuthFailed]);
        Assert.Equal(0, platform.Registrations.Count);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task Keepalives_are_answered_for_registered_cameras_and_refused_for_others(SipTransportKind kind)
    {
        await using var platform = Loopback.Platform(kind);
        var outcomes = new OutcomeRecorder();
        await using var cameras = await Loopback.Devices(platform.Address, outcomes);

        cameras.Keepalive(2, Loopback.Ticket(2));
        var refused = await outcomes.NextAsync();
        cameras.Register(2, Loopback.Ticket(2));
        await outcomes.NextAsync();
        cameras.Keepalive(2, Loopback.Ticket(2));
        var answered = await outcomes.NextAsync();

        Assert.Equal((OperationKind.Keepalive, OpStatus.Rejected, "sip_403"), (refused.Kind, refused.Status, refused.Reason));
        Assert.Equal((OperationKind.Keepalive, OpStatus.Ok), (answered.Kind, answered.Status));
        Assert.Equal(1, platform.Keepalives);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task An_alarm_is_answered_200_and_then_acknowledged_by_the_platform(SipTransportKind kind)
    {
        await using var platform = Loopback.Platform(kind);
        var outcomes = new OutcomeRecorder();
        await using var cameras = await Loopback.Devices(platform.Address, outcomes);
        cameras.Register(3, Loopback.Ticket(3));
        await outcomes.NextAsync();

        cameras.RaiseAlarm(3, AlarmType.StaffAbsent, Loopback.Ticket(3));
        var outcome = await outcomes.NextAsync();

        Assert.Equal((OperationKind.Alarm, OpStatus.Ok), (outcome.Kind, outcome.Status));
        Assert.Equal(1, platform.Alarms);
        // The platform's alarm notify answer (a MESSAGE of its own) reaches the camera, which answers it 200.
        await Eventually.True(() => platform.Counters[SipEvent.FinalResponses] == 1, "the camera answered the alarm answer");
        Assert.Equal(1, cameras.Counters[SipEvent.RequestsReceived]);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task The_platform_reads_a_camera_s_catalog_and_device_information(SipTransportKind kind)
    {
        await using var platform = Loopback.Platform(kind);
        var outcomes = new OutcomeRecorder();
        await using var cameras = await Loopback.Devices(platform.Address, outcomes);
        cameras.Register(1, Loopback.Ticket(1));
        await outcomes.NextAsync();

        var catalog = await platform.QueryCatalogAsync("32030000001320000001", TimeSpan.FromSeconds(10));
        var info = await platform.QueryDeviceInfoAsync("32030000001320000001", TimeSpan.FromSeconds(10));

        Assert.Equal((1, 1), (catalog.SumNum, catalog.Pages));
        Assert.Equal(["32030000001320000001"], catalog.Items);
        Assert.Equal(("32030000001320000001", "MonitorSim", "SIM-IPC", 1), (info.DeviceId, info.Manufacturer, info.Model, info.Channels));
        Assert.Empty(cameras.Counters.Problems());
        Assert.Empty(platform.Counters.Problems());
    }

    [Fact]
    public async Task A_query_to_a_device_that_is_not_registered_fails_at_once()
    {
        await using var platform = Loopback.Platform(SipTransportKind.Udp);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => platform.QueryCatalogAsync("32030000001320000009", TimeSpan.FromSeconds(5)));
        Assert.Contains("not registered", error.Message);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task Many_cameras_share_a_few_channels(SipTransportKind kind)
    {
        await using var platform = Loopback.Platform(kind);
        var outcomes = new OutcomeRecorder();
        await using var cameras = await Loopback.Devices(platform.Address, outcomes, devices: 200);
        for (var i = 0; i < 200; i++) cameras.Register(i, Loopback.Ticket(i));
        var ok = 0;
        for (var i = 0; i < 200; i++) ok += (await outcomes.NextAsync()).Status == OpStatus.Ok ? 1 : 0;

        Assert.Equal(200, ok);
        Assert.Equal(200, platform.Registrations.Count);
        Assert.Equal(200, cameras.Registered);
    }
}
