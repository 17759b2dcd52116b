using Akka.Actor;
using Akka.TestKit.Xunit2;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Sharding;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// Device messages to a platform or point hosted on this node go straight to its entity actor once the port has learnt
/// it; an entity that stops is dropped from the routes (its messages go to the region again) and learnt anew when its
/// shard starts it again; a port that stops leaves every message to the region.
/// </summary>
public sealed class DirectEntityRoutingTests() : TestKit("akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0")
{
    /// <summary>Three platforms, twelve points.</summary>
    private static readonly CityTopology City = TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 42);

    [Fact]
    public async Task A_tree_on_one_node_answers_its_cameras_straight_from_the_entities_the_port_learnt()
    {
        await using var t = await TreeFixture.StartAsync();
        var port = Assert.IsType<ClusterTree>(t.Tree);
        var entities = t.Topology.Platforms.Count + t.Topology.Points.Count;
        await Eventually.HoldsAsync(() =>
        {
            Assert.Equal(entities, port.DirectEntities);
            return Task.CompletedTask;
        });

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
    public void An_entity_that_stops_is_dropped_from_the_routes_and_its_next_incarnation_is_learnt()
    {
        var routes = new PlatformRoutes(City.Platforms.Count, City.Points.Count);
        var region = Sys.ActorOf(Props.Create(() => new FakeRegion()));
        var keeper = Sys.ActorOf(RouteKeeper.Props(region, ActorRefs.Nobody, routes, City, TimeSpan.FromMilliseconds(50)));
        AwaitAssert(() => Assert.Equal(City.Platforms.Count + City.Points.Count, routes.Direct), TimeSpan.FromSeconds(5));
        var first = routes.PointEntity(3)!;

        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first);

        // Dropped at once (messages go to the region meanwhile), and woken again through the region at the next refresh,
        // which starts a new one.
        AwaitAssert(() =>
        {
            var now = routes.PointEntity(3);
            Assert.NotNull(now);
            Assert.NotEqual(first, now);
        }, TimeSpan.FromSeconds(10));
        Assert.Equal(City.Platforms.Count + City.Points.Count, routes.Direct);

        Sys.Stop(keeper);
        AwaitAssert(() => Assert.Equal(0, routes.Direct), TimeSpan.FromSeconds(5));
        Assert.Null(routes.PlatformEntity(1));
    }

    /// <summary>A shard region in miniature: starts an entity for an id on its first message and forwards to it; an
    /// entity answers a wake from itself, as the tree's do.</summary>
    private sealed class FakeRegion : ReceiveActor
    {
        public FakeRegion()
        {
            Receive<Wake>(w =>
            {
                var name = Uri.EscapeDataString(w.EntityId);
                var entity = Context.Child(name);
                if (entity.IsNobody()) entity = Context.ActorOf(Props.Create(() => new FakeEntity()), name);
                entity.Forward(w);
            });
        }
    }

    private sealed class FakeEntity : ReceiveActor
    {
        public FakeEntity() => Receive<Wake>(w => Sender.Tell(new Awake(w.EntityId)));
    }
}
