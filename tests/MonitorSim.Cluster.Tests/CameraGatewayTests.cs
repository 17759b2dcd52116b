using Akka.Actor;
using Akka.Cluster.Sharding;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// Device messages for platforms on another node go batched through that node's camera gateway, and their answers come
/// back batched: every operation is still answered exactly once, alarms are still acknowledged by the city, and when the
/// other node leaves, its platforms' messages find them again on the node that remains instead of being lost.
/// </summary>
public sealed class CameraGatewayTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Operations_on_another_nodes_platforms_are_each_answered_once_through_its_gateway()
    {
        using var bound = new CancellationTokenSource(Bound);
        var (first, second) = await StartTwoNodesAsync(bound.Token);
        await using var _ = second;
        await using var __ = first;
        var outcomes = new OutcomeCollector();
        var tree = (ClusterTree)first.CreateTree(outcomes);
        var remote = await RemotePlatformsAsync(first, second, bound.Token);
        await Eventually.HoldsAsync(() =>
        {
            Assert.Equal(remote.Count, tree.RemotePlatforms);
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(15));

        var topology = first.Options.Topology;
        // Each node learns the entities of the shards it hosts, so that its gateway (and its own port) hands device
        // messages straight to them: the other node the remote platforms and their points, this one the rest.
        var remoteEntities = remote.Sum(p => 1 + topology.Platforms[p].PointCount);
        await Eventually.HoldsAsync(() =>
        {
            Assert.Equal(remoteEntities, second.Entities.Known);
            Assert.Equal(topology.Platforms.Count + topology.Points.Count - remoteEntities, first.Entities.Known);
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(15));
        Assert.Null(first.Entities.Platform(remote[0]));
        Assert.NotNull(second.Entities.Platform(remote[0]));

        var cameras = Enumerable.Range(0, topology.CameraCount).ToList();
        foreach (var c in cameras) tree.Register(new CameraId(c), TreeFixture.Ticket(c));
        var registered = await outcomes.NextAsync(cameras.Count, TimeSpan.FromSeconds(20));
        Assert.All(registered, o => Assert.Equal(OpStatus.Ok, o.Status));
        Assert.Equal(cameras, registered.Select(o => o.Ticket.Subject).Order());

        foreach (var c in cameras) tree.Keepalive(new CameraId(c), TreeFixture.Ticket(c));
        var kept = await outcomes.NextAsync(cameras.Count, TimeSpan.FromSeconds(20));
        Assert.All(kept, o => Assert.Equal(OpStatus.Ok, o.Status));
        Assert.Equal(cameras, kept.Select(o => o.Ticket.Subject).Order());

        // An alarm at a camera of a platform on the other node goes camera → point → platform there, → city here, and is
        // acknowledged back through the gateway with its journal id.
        var camera = cameras.First(c => remote.Contains(topology.PlatformOf(new CameraId(c)).Value));
        tree.RaiseAlarm(new CameraId(camera), AlarmType.DeskUnattended, TreeFixture.Ticket(camera));
        var alarm = await outcomes.NextAsync(TimeSpan.FromSeconds(20));
        Assert.Equal((OperationKind.Alarm, OpStatus.Ok, camera), (alarm.Kind, alarm.Status, alarm.Ticket.Subject));
        Assert.True(alarm.Ref > 0, "the alarm was acknowledged without its journal id");
        Assert.True(alarm.Hops.CityAcked != 0, "the alarm was acknowledged before the city recorded it");

        // Nothing is answered twice.
        Assert.True(await outcomes.StaysSilentAsync(TimeSpan.FromSeconds(1)));

        // A port that is done with stops keeping its routes (no more cluster-wide queries every second): its keeper's
        // last act hands every platform back to the local region, and no refresh brings the links back.
        tree.Dispose();
        await Eventually.HoldsAsync(() =>
        {
            Assert.Equal(0, tree.RemotePlatforms);
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(5));
        await Task.Delay(TimeSpan.FromSeconds(2), bound.Token);
        Assert.Equal(0, tree.RemotePlatforms);
    }

    [Fact]
    public async Task When_the_other_node_leaves_its_platforms_messages_reach_them_on_the_node_that_remains()
    {
        using var bound = new CancellationTokenSource(Bound);
        var (first, second) = await StartTwoNodesAsync(bound.Token);
        await using var __ = first;
        var outcomes = new OutcomeCollector();
        var tree = (ClusterTree)first.CreateTree(outcomes);
        List<int> remote;
        try
        {
            remote = await RemotePlatformsAsync(first, second, bound.Token);
            await Eventually.HoldsAsync(() =>
            {
                Assert.Equal(remote.Count, tree.RemotePlatforms);
                return Task.CompletedTask;
            }, TimeSpan.FromSeconds(15));
        }
        finally
        {
            await second.DisposeAsync(); // leaves the cluster; its shards move to the first node
        }

        // Keepalives to the moved platforms' cameras, sent while the routes may still name the departed node: each is
        // answered (the platforms restarted empty on this memory store, so they say the camera is not registered).
        var topology = first.Options.Topology;
        var cameras = Enumerable.Range(0, topology.CameraCount).Where(c => remote.Contains(topology.PlatformOf(new CameraId(c)).Value)).ToList();
        Assert.NotEmpty(cameras);
        foreach (var c in cameras) tree.Keepalive(new CameraId(c), TreeFixture.Ticket(c));
        var answered = await outcomes.NextAsync(cameras.Count, TimeSpan.FromSeconds(60));
        Assert.Equal(cameras, answered.Select(o => o.Ticket.Subject).Order());
        Assert.All(answered, o => Assert.True(o.Status == OpStatus.Ok || o.Reason == "not_registered", $"{o.Status} {o.Reason}"));
        await Eventually.HoldsAsync(() =>
        {
            Assert.Equal(0, tree.RemotePlatforms);
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(15));
    }

    /// <summary>Two tree nodes of the tiny city (or of <paramref name="topology"/>); the first waits for both before waking
    /// the tree, so the shards spread.</summary>
    internal static async Task<(TreeNode First, TreeNode Second)> StartTwoNodesAsync(CancellationToken ct, CityTopology? topology = null)
    {
        topology ??= TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 42);
        var seed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstStart = TreeNode.StartAsync(Options(topology, new ClusterMembership([], [ClusterMembership.TreeRole, ClusterMembership.LoadRole],
            TreeNodes: 2, WhenUp: (self, _) =>
            {
                seed.TrySetResult(self);
                return Task.CompletedTask;
            })), ct);
        await Task.WhenAny(seed.Task, firstStart).WaitAsync(ct);
        if (firstStart.IsFaulted) await firstStart;
        var second = await TreeNode.StartAsync(Options(topology, ClusterMembership.Joining([await seed.Task])), ct);
        return (await firstStart.WaitAsync(ct), second);
    }

    /// <summary>The platforms whose shards the second node hosts (at least one).</summary>
    internal static async Task<List<int>> RemotePlatformsAsync(TreeNode first, TreeNode second, CancellationToken ct)
    {
        var stats = await first.Region.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(3)), TimeSpan.FromSeconds(5), ct);
        var secondSelf = Akka.Cluster.Cluster.Get(second.System).SelfAddress;
        Assert.True(stats.Regions.ContainsKey(secondSelf), "the second node's region is not registered");
        var remote = stats.Regions[secondSelf].Stats.Keys.Select(int.Parse).Order().ToList();
        Assert.NotEmpty(remote);
        return remote;
    }

    private static TreeNodeOptions Options(CityTopology topology, ClusterMembership membership) =>
        new(topology, MonitoringRules.Standard,
            new ManualSimClock(TreeFixture.Start, compression: 1000), StoreSettings.Parse("memory"), TimeSpan.FromSeconds(5),
            Membership: membership);
}
