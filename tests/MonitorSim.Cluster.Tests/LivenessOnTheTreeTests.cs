using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

public sealed class LivenessOnTheTreeTests
{
    [Fact]
    public async Task A_registered_cameras_keepalive_is_answered_by_its_platform()
    {
        await using var t = await TreeFixture.StartAsync();
        await t.RegisterAllAsync();

        t.Tree.Keepalive(new CameraId(7), TreeFixture.Ticket(7));
        var answer = await t.Outcomes.NextAsync();

        Assert.Equal(OperationKind.Keepalive, answer.Kind);
        Assert.Equal(OpStatus.Ok, answer.Status);
        Assert.Equal(7, answer.Ticket.Subject);
    }

    [Fact]
    public async Task A_keepalive_from_a_camera_that_never_registered_is_refused()
    {
        await using var t = await TreeFixture.StartAsync();

        t.Tree.Keepalive(new CameraId(3), TreeFixture.Ticket(3));
        var answer = await t.Outcomes.NextAsync();

        Assert.Equal(OpStatus.Rejected, answer.Status);
        Assert.Equal("not_registered", answer.Reason);
    }

    [Fact]
    public async Task A_camera_goes_offline_after_three_missed_keepalives_and_back_online_when_it_registers()
    {
        await using var t = await TreeFixture.StartAsync();
        await t.RegisterAllAsync();
        var camera = new CameraId(0);
        var platform = t.Topology.PlatformOf(camera).Value;
        var others = t.Topology.Platforms[platform].CameraCount - 1;

        // Everyone else keeps alive every 60 s; camera 0 falls silent.
        for (var minute = 1; minute <= 3; minute++)
        {
            t.Clock.Advance(TimeSpan.FromSeconds(60));
            await KeepAliveAllBut(t, platform, camera);
        }
        t.Clock.Advance(TimeSpan.FromSeconds(5)); // 185 s of silence: three keepalives missed

        await Eventually.HoldsAsync(async () =>
        {
            var status = await t.Node.PlatformStatusAsync(platform);
            Assert.Equal(others, status.Total.Online);
            Assert.Equal(1, status.Total.Offline);
        });

        t.Tree.Keepalive(camera, TreeFixture.Ticket(camera.Value));
        Assert.Equal(OpStatus.Rejected, (await t.Outcomes.NextAsync()).Status); // offline: must register again
        t.Tree.Register(camera, TreeFixture.Ticket(camera.Value));
        Assert.Equal(OpStatus.Ok, (await t.Outcomes.NextAsync()).Status);
        Assert.Equal(0, (await t.Node.PlatformStatusAsync(platform)).Total.Offline);
    }

    [Fact]
    public async Task A_camera_that_keeps_alive_on_time_never_goes_offline()
    {
        await using var t = await TreeFixture.StartAsync();
        await t.RegisterAllAsync();
        var platform = t.Topology.PlatformOf(new CameraId(0)).Value;

        for (var minute = 1; minute <= 5; minute++)
        {
            t.Clock.Advance(TimeSpan.FromSeconds(60));
            await KeepAliveAllBut(t, platform, new CameraId(-1));
        }
        // Give the platform's sweep time to run on the advanced clock (it runs every ~10 ms of wall time).
        Assert.True(await t.Outcomes.StaysSilentAsync(TimeSpan.FromMilliseconds(200)));

        var status = await t.Node.PlatformStatusAsync(platform);
        Assert.Equal(0, status.Total.Offline);
    }

    [Fact]
    public async Task With_online_on_keepalive_any_keepalive_brings_an_offline_camera_back()
    {
        var rules = MonitoringRules.Standard with { OnlineOnKeepalive = true };
        await using var t = await TreeFixture.StartAsync(rules: rules);
        await t.RegisterAllAsync();
        var camera = new CameraId(0);
        var platform = t.Topology.PlatformOf(camera).Value;

        t.Clock.Advance(TimeSpan.FromSeconds(200)); // every camera silent: all go offline
        await Eventually.HoldsAsync(async () =>
            Assert.Equal(0, (await t.Node.PlatformStatusAsync(platform)).Total.Online));

        t.Tree.Keepalive(camera, TreeFixture.Ticket(camera.Value));
        Assert.Equal(OpStatus.Ok, (await t.Outcomes.NextAsync()).Status);
        Assert.Equal(1, (await t.Node.PlatformStatusAsync(platform)).Total.Online);
    }

    private static async Task KeepAliveAllBut(TreeFixture t, int platform, CameraId silent)
    {
        var info = t.Topology.Platforms[platform];
        var sent = 0;
        for (var c = info.FirstCamera.Value; c < info.FirstCamera.Value + info.CameraCount; c++)
        {
            if (c == silent.Value) continue;
            t.Tree.Keepalive(new CameraId(c), TreeFixture.Ticket(c));
            sent++;
        }
        var answers = await t.Outcomes.NextAsync(sent);
        Assert.All(answers, a => Assert.Equal(OpStatus.Ok, a.Status));
    }
}
