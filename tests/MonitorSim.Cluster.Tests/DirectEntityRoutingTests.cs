using Akka.Actor;
using Akka.TestKit.Xunit2;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// Device messages to a platform or point running on this node go straight to its entity actor: each entity enters
/// itself in its node's directory as it starts and leaves as it stops, so a stopped entity's messages go to the region
/// again, which starts it anew, and the new incarnation is reached directly; an old incarnation stopping late never
/// removes a newer one.
/// </summary>
public sealed class DirectEntityRoutingTests() : TestKit("akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0")
{
    [Fact]
    public async Task A_tree_on_one_node_answers_its_cameras_straight_from_the_entities_running_there()
    {
        await using var t = await TreeFixture.StartAsync();
        var port = Assert.IsType<ClusterTree>(t.Tree);
        Assert.Equal(t.Topology.Platforms.Count + t.Topology.Points.Count, port.DirectEntities);

        await t.RegisterAllAsync();
        var camera = new CameraId(5);
        t.Tree.Keepalive(camera, TreeFixture.Ticket(camera.Value));
        Assert.Equal(OpStatus.Ok, (await t.Outcomes.NextAsync()).Status);
        t.Tree.RaiseAlarm(camera, AlarmType.QueueOverflow, TreeFixture.Ticket(camera.Value));
        var alarm = await t.Outcomes.NextAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(OpStatus.Ok, alarm.Status);
        Assert.Equal(camera.Value, alarm.Ticket.Subject);
    }

    [Fact]
    public async Task A_point_that_stops_leaves_the_directory_and_its_next_incarnation_is_reached_straight()
    {
        await using var t = await TreeFixture.StartAsync();
        var entities = t.Node.Entities;
        var camera = new CameraId(7);
        var point = t.Topology.PointOf(camera);
        var first = entities.Point(point.Value)!;

        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first);
        Assert.Null(entities.Point(point.Value));
        Assert.Equal(t.Topology.Platforms.Count + t.Topology.Points.Count - 1, entities.Known);

        // Its next message goes through the region, whose shard starts the point again; it enters itself, and the one
        // after goes straight to it.
        var ticket = TreeFixture.Ticket(camera.Value);
        t.Tree.ServiceFlow(point, ServiceFlowStep.TakeNumber, ticket);
        Assert.Equal(OpStatus.Ok, (await t.Outcomes.NextAsync(TimeSpan.FromSeconds(5))).Status);
        var second = entities.Point(point.Value);
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        t.Tree.ServiceFlow(point, ServiceFlowStep.Called, ticket);
        Assert.Equal(OpStatus.Ok, (await t.Outcomes.NextAsync(TimeSpan.FromSeconds(5))).Status);
        Assert.Equal(t.Topology.Platforms.Count + t.Topology.Points.Count, entities.Known);
    }

    [Fact]
    public void An_old_incarnation_leaving_late_leaves_the_new_one_in_place()
    {
        var entities = new LocalEntities(3, 12);
        var old = CreateTestProbe().Ref;
        var renewed = CreateTestProbe().Ref;

        entities.Enter(new TreeEntity(false, 4), old);
        entities.Enter(new TreeEntity(false, 4), renewed);
        entities.Leave(new TreeEntity(false, 4), old);

        Assert.Equal(renewed, entities.Point(4));
        entities.Leave(new TreeEntity(false, 4), renewed);
        Assert.Null(entities.Point(4));
        Assert.Equal(0, entities.Known);
    }

    [Fact]
    public void A_device_message_names_its_platform_or_its_point_and_nothing_else_names_an_entity()
    {
        var entities = new LocalEntities(3, 12);
        var platform = CreateTestProbe().Ref;
        var point = CreateTestProbe().Ref;
        entities.Enter(new TreeEntity(true, 1), platform);
        entities.Enter(new TreeEntity(false, 5), point);

        Assert.Equal(platform, entities.AddresseeOf(new Keepalive(1, 0, default, ActorRefs.Nobody)));
        Assert.Equal(platform, entities.AddresseeOf(new Register(1, 0, default, ActorRefs.Nobody)));
        Assert.Equal(point, entities.AddresseeOf(new RaiseAlarm(1, 5, 0, AlarmType.Conflict, default, ActorRefs.Nobody)));
        Assert.Equal(point, entities.AddresseeOf(new ServiceFlowRequest(1, 5, ServiceFlowStep.Served, default, ActorRefs.Nobody)));
        // Not running here (or not yet): the region finds it.
        Assert.Null(entities.AddresseeOf(new Keepalive(2, 0, default, ActorRefs.Nobody)));
        Assert.Null(entities.AddresseeOf(new RaiseAlarm(1, 6, 0, AlarmType.Conflict, default, ActorRefs.Nobody)));
        // A control message goes through the region, which is what orders it.
        Assert.Null(entities.AddresseeOf(new Crash(1, TimeSpan.FromSeconds(1))));
        Assert.Null(entities.Point(99));
        entities.Enter(new TreeEntity(false, 99), point); // outside the city: ignored
        Assert.Equal(2, entities.Known);
    }
}
