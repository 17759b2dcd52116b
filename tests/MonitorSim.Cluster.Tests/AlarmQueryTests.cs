using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>A supervisor at the city asks about an alarm: the city passes the question to the platform holding its record.</summary>
public sealed class AlarmQueryTests
{
    /// <summary>At the fixture's compression the city drops a platform silent for 180 ms of wall time (3 keepalives of
    /// 60 s sim), which a busy CI machine's pause can exceed; the city then answers "platform_not_connected" (it did in CI
    /// on 5d07c61). The tests that are about the answer, not the connection, give the city a silence limit no pause
    /// reaches (100 keepalives, 6 s of wall time); the one about a lost platform keeps the standard's.</summary>
    private static readonly MonitoringRules Patient = MonitoringRules.Standard with { OfflineAfterMissed = 100 };

    [Fact]
    public async Task The_city_answers_that_an_alarm_just_raised_is_active_and_that_an_unknown_one_is_not()
    {
        await using var t = await TreeFixture.StartAsync(rules: Patient);
        await t.RegisterAllAsync();
        var camera = new CameraId(7);
        t.Tree.RaiseAlarm(camera, AlarmType.EarlyLeave, TreeFixture.Ticket(camera.Value));
        var raised = await t.Outcomes.NextAsync();
        Assert.Equal(OpStatus.Ok, raised.Status);
        Assert.True(raised.Ref > 0, "an alarm's outcome carries the id it was stored under");

        t.Tree.QueryAlarm(camera, raised.Ref, TreeFixture.Ticket(camera.Value));
        var known = await t.Outcomes.NextAsync();
        t.Tree.QueryAlarm(camera, raised.Ref + 1000, TreeFixture.Ticket(camera.Value));
        var unknown = await t.Outcomes.NextAsync();
        t.Tree.QueryAlarm(camera, 0, TreeFixture.Ticket(camera.Value));
        var atPoint = await t.Outcomes.NextAsync();

        Assert.Equal((OperationKind.AlarmQuery, OpStatus.Ok), (known.Kind, known.Status));
        Assert.Equal((OpStatus.Rejected, "alarm_not_active"), (unknown.Status, unknown.Reason));
        Assert.Equal((OpStatus.Ok, 1L), (atPoint.Status, atPoint.Ref)); // the one alarm active at the camera's point
    }

    [Fact]
    public async Task A_cleared_alarm_is_no_longer_active_when_the_city_asks()
    {
        await using var t = await TreeFixture.StartAsync(rules: Patient);
        await t.RegisterAllAsync();
        var camera = new CameraId(3);
        t.Tree.RaiseAlarm(camera, AlarmType.StaffAbsent, TreeFixture.Ticket(camera.Value));
        var raised = await t.Outcomes.NextAsync();
        await Eventually.HoldsAsync(async () => Assert.Equal(1, (await t.Node.CityStatusAsync()).ActiveAlarms));

        t.Clock.Advance(TimeSpan.FromMinutes(11)); // past the alarm's clearing time
        await t.RegisterAllAsync();
        await Eventually.HoldsAsync(async () => Assert.Equal(0, (await t.Node.CityStatusAsync()).ActiveAlarms));

        t.Tree.QueryAlarm(camera, raised.Ref, TreeFixture.Ticket(camera.Value));
        var answer = await t.Outcomes.NextAsync();
        Assert.Equal((OpStatus.Rejected, "alarm_not_active"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task While_the_platform_is_down_the_city_says_it_cannot_reach_it()
    {
        await using var t = await TreeFixture.StartAsync();
        await t.RegisterAllAsync();
        var camera = new CameraId(0);
        var platform = t.Topology.PlatformOf(camera).Value;
        t.Node.CrashPlatform(platform, TimeSpan.FromMinutes(30));

        // The city drops a platform that has been silent for the offline window (3 keepalive intervals).
        var connected = (await t.Node.CityStatusAsync()).PlatformsConnected;
        await Eventually.HoldsAsync(async () => Assert.Equal(connected - 1, (await t.Node.CityStatusAsync()).PlatformsConnected));

        t.Tree.QueryAlarm(camera, 1, TreeFixture.Ticket(camera.Value));
        var answer = await t.Outcomes.NextAsync();
        Assert.Equal((OpStatus.Failed, "platform_not_connected"), (answer.Status, answer.Reason));
    }
}
