using Akka;
using Akka.Actor;
using Akka.Hosting;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

public sealed class AlarmRoutingTests
{
    [Fact]
    public async Task An_alarm_reaches_the_city_and_every_hop_acknowledges_in_order()
    {
        await using var t = await TreeFixture.StartAsync();
        await t.RegisterAllAsync();
        var camera = new CameraId(11);
        var point = t.Topology.PointOf(camera).Value;

        t.Tree.RaiseAlarm(camera, AlarmType.DeskUnattended, TreeFixture.Ticket(camera.Value));
        var done = await t.Outcomes.NextAsync();

        Assert.Equal(OperationKind.Alarm, done.Kind);
        Assert.Equal(OpStatus.Ok, done.Status);
        var h = done.Hops;
        Assert.True(done.Ticket.Started <= h.PointAcked, "the point acknowledges after the camera sent");
        Assert.True(h.PointAcked <= h.PlatformAcked, "the platform acknowledges (stored) after the point forwarded");
        Assert.True(h.PlatformAcked <= h.CityAcked, "the city acknowledges after the platform forwarded");
        Assert.True(h.CityAcked <= done.Completed, "the camera hears back after the city acknowledged");

        var pointStatus = await t.Node.PointStatusAsync(point);
        Assert.Equal(1, pointStatus.AlarmsAccepted);
        await Eventually.HoldsAsync(async () => Assert.Equal(0, (await t.Node.PointStatusAsync(point)).AwaitingPlatformAck));
        var city = await t.Node.CityStatusAsync();
        Assert.Equal(1, city.AlarmsReceived);
    }

    [Fact]
    public async Task A_camera_sending_its_alarm_again_gets_the_same_alarm_back_and_the_platform_stores_it_once()
    {
        await using var t = await TreeFixture.StartAsync();
        await t.RegisterAllAsync();
        var camera = new CameraId(11);
        var point = t.Topology.PointOf(camera);
        var platform = t.Topology.PlatformOf(point).Value;
        var ticket = TreeFixture.Ticket(camera.Value);

        t.Tree.RaiseAlarm(camera, AlarmType.DeskUnattended, ticket);
        var first = await t.Outcomes.NextAsync();
        // The answer was lost on its way (as far as the camera knows): it sends the same alarm again, same transaction.
        t.Tree.RaiseAlarm(camera, AlarmType.DeskUnattended, ticket);
        var again = await t.Outcomes.NextAsync();

        Assert.Equal((OpStatus.Ok, OpStatus.Ok), (first.Status, again.Status));
        Assert.True(first.Ref > 0);
        Assert.Equal(first.Ref, again.Ref);
        var pointStatus = await t.Node.PointStatusAsync(point.Value);
        Assert.Equal((1L, 1L), (pointStatus.AlarmsAccepted, pointStatus.AlarmCopies));
        Assert.Equal(1, (await t.Node.PlatformStatusAsync(platform)).AlarmsRaised);
        Assert.Equal(1, (await t.Node.CityStatusAsync()).AlarmsReceived);
    }

    [Fact]
    public async Task Copies_sent_while_the_first_alarm_is_still_unanswered_are_answered_once_with_the_one_stored_alarm()
    {
        await using var t = await TreeFixture.StartAsync();
        var camera = new CameraId(12);
        var point = t.Topology.PointOf(camera).Value;
        var platform = t.Topology.PlatformOf(camera).Value;
        var ticket = TreeFixture.Ticket(camera.Value);
        // The platform reports to the city through a gate that holds its alarms until the test opens it: it picks the gate
        // up as its city when it restarts.
        var gate = t.Node.System.ActorOf(CityGate.Props(t.Node.City));
        ActorRegistry.For(t.Node.System).Register<CityKey>(gate, overwrite: true);
        t.Node.CrashPlatform(platform, TimeSpan.FromMilliseconds(100));
        await Eventually.HoldsAsync(async () =>
            Assert.Equal(2, (await t.Node.PlatformStatusAsync(platform, TimeSpan.FromMilliseconds(500))).Incarnation));

        t.Tree.RaiseAlarm(camera, AlarmType.StaffAbsent, ticket);
        long[] held = [];
        await Eventually.HoldsAsync(async () => Assert.Single(held = await gate.Ask<long[]>(new CityGate.HeldAlarms())));
        // The first is stored and reported, and waits for the city: the camera hears nothing and sends it twice more.
        for (var i = 0; i < 2; i++) t.Tree.RaiseAlarm(camera, AlarmType.StaffAbsent, ticket);
        await Eventually.HoldsAsync(async () =>
        {
            Assert.Equal(2, (await t.Node.PointStatusAsync(point)).AlarmCopies);
            Assert.Equal(2, (await t.Node.PlatformStatusAsync(platform)).AlarmCopies);
        });
        Assert.True(await t.Outcomes.StaysSilentAsync(TimeSpan.FromMilliseconds(100)), "answered before the city recorded the alarm");

        await gate.Ask<Done>(new CityGate.Open());

        var answer = await t.Outcomes.NextAsync();
        Assert.Equal((OperationKind.Alarm, OpStatus.Ok, camera.Value, held[0]), (answer.Kind, answer.Status, answer.Ticket.Subject, answer.Ref));
        Assert.True(await t.Outcomes.StaysSilentAsync(TimeSpan.FromSeconds(1)), "a copy was answered twice");
        Assert.Equal(1, (await t.Node.PlatformStatusAsync(platform)).AlarmsRaised);
        Assert.Equal(1, (await t.Node.PointStatusAsync(point)).AlarmsAccepted);
        await Eventually.HoldsAsync(async () => Assert.Equal(1, (await t.Node.CityStatusAsync()).AlarmsReceived));
    }

    [Fact]
    public async Task Active_alarms_roll_up_from_point_to_platform_to_city()
    {
        await using var t = await TreeFixture.StartAsync();
        await t.RegisterAllAsync();
        var cameras = new[] { 0, 1, 29 };
        foreach (var c in cameras) t.Tree.RaiseAlarm(new CameraId(c), AlarmType.VideoLoss, TreeFixture.Ticket(c));
        await t.Outcomes.NextAsync(cameras.Length);

        foreach (var c in cameras)
        {
            var point = t.Topology.PointOf(new CameraId(c));
            var platform = t.Topology.PlatformOf(point).Value;
            var local = point.Value - t.Topology.Platforms[platform].FirstPoint.Value;
            var expected = cameras.Count(x => t.Topology.PointOf(new CameraId(x)) == point);
            Assert.Equal(expected, (await t.Node.PlatformStatusAsync(platform)).Points[local].ActiveAlarms);
        }
        await Eventually.HoldsAsync(async () => Assert.Equal(3, (await t.Node.CityStatusAsync()).ActiveAlarms));
    }

    [Fact]
    public async Task Alarms_clear_when_their_condition_has_lasted_its_time()
    {
        await using var t = await TreeFixture.StartAsync();
        await t.RegisterAllAsync();
        t.Tree.RaiseAlarm(new CameraId(4), AlarmType.StaffAbsent, TreeFixture.Ticket(4));
        await t.Outcomes.NextAsync();
        await Eventually.HoldsAsync(async () => Assert.Equal(1, (await t.Node.CityStatusAsync()).ActiveAlarms));

        // Keep the cameras registered (re-register refreshes), then let the alarm's 10 minutes pass.
        t.Clock.Advance(TimeSpan.FromMinutes(11));
        await t.RegisterAllAsync();

        await Eventually.HoldsAsync(async () => Assert.Equal(0, (await t.Node.CityStatusAsync()).ActiveAlarms));
    }

    [Fact]
    public async Task An_alarm_clears_at_its_own_time_without_waiting_for_a_sweep()
    {
        // A sweep every 1,000 sim hours (an hour of wall time here) never comes within the test: only the platform's
        // clearance timer, set for the oldest alarm's due time, can clear it.
        await using var t = await TreeFixture.StartAsync(sweepInterval: TimeSpan.FromHours(1000));
        await t.RegisterAllAsync();
        var camera = new CameraId(4);
        var platform = t.Topology.PlatformOf(camera).Value;
        t.Tree.RaiseAlarm(camera, AlarmType.StaffAbsent, TreeFixture.Ticket(camera.Value));
        Assert.Equal(OpStatus.Ok, (await t.Outcomes.NextAsync()).Status);
        Assert.Equal(1, (await t.Node.PlatformStatusAsync(platform)).Total.ActiveAlarms);

        t.Clock.Advance(TimeSpan.FromMinutes(11)); // past the alarm's 10 minutes

        await Eventually.HoldsAsync(async () => Assert.Equal(0, (await t.Node.PlatformStatusAsync(platform)).Total.ActiveAlarms));
    }
}
