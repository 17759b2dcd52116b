using System.Collections.Concurrent;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

public sealed class TreeStartTests
{
    /// <summary>
    /// 105,000 points and 200 platforms: more entities than a shard region buffers (100,000) while it waits for its
    /// shards' homes. Woken all at once, the wakes past the buffer were dropped and the start failed however long it
    /// waited (a million cameras' tree did, 75,800 of 175,800 entities silent); woken a window at a time, every one
    /// starts. No timing is asserted: the deadline is the default one, growing with the tree.
    /// </summary>
    [Fact]
    public async Task A_tree_with_more_entities_than_the_shard_region_buffers_starts_every_entity_and_reports_progress()
    {
        var topology = TopologyBuilder.Build(new TopologySpec(200, 105_000, 105_000, 0, 0), 42);
        var reports = new ConcurrentQueue<WakeProgress>();
        var clock = new ManualSimClock(new DateTime(2026, 11, 27, 9, 0, 0), compression: 1);

        await using var node = await TreeNode.StartAsync(new TreeNodeOptions(topology, MonitoringRules.Standard, clock, StoreSettings.Memory,
            TimeSpan.FromSeconds(5), WakeProgress: reports.Enqueue));

        var total = topology.Platforms.Count + topology.Points.Count;
        var last = reports.Last();
        Assert.Equal(total, last.Total);
        Assert.Equal(total, last.Woken);
        Assert.True(last.Done);
        Assert.True(last.PerS > 0, "a finished start has a rate");
        // Progress only goes forward.
        var woken = reports.Select(r => r.Woken).ToList();
        Assert.Equal(woken.OrderBy(w => w), woken);
        // The last point answers (its platform's shard is home).
        var status = await node.PointStatusAsync(topology.Points.Count - 1);
        Assert.Equal(topology.Points.Count - 1, status.Point);
    }

    [Fact]
    public void Start_progress_says_how_many_woke_how_fast_and_how_long_the_rest_will_take()
    {
        var progress = new WakeProgress(Woken: 40_000, Total: 175_800, ElapsedS: 4);

        Assert.Equal(10_000, progress.PerS);
        Assert.Equal(13.58, progress.RemainingS!.Value, 2);
        Assert.False(progress.Done);
        Assert.Contains("woken 40,000 of 175,800", progress.Describe());
        Assert.Contains("10,000/s", progress.Describe());
        Assert.Contains("about 13.6 s to go", progress.Describe());
    }

    [Fact]
    public void Before_any_entity_answers_the_start_has_no_rate_and_no_expected_end()
    {
        var progress = new WakeProgress(0, 3_153, 0.5);

        Assert.Null(progress.RemainingS);
        Assert.Contains("none answered yet", progress.Describe());
    }

    [Fact]
    public void The_start_deadline_grows_with_the_tree()
    {
        Assert.Equal(TimeSpan.FromSeconds(30 + 3.153), TreeNodeOptions.StartDeadline(3_153));
        Assert.Equal(TimeSpan.FromSeconds(30 + 175.8), TreeNodeOptions.StartDeadline(175_800));
        Assert.True(TreeNodeOptions.StartDeadline(1_757_000) > TimeSpan.FromMinutes(29));
    }
}

/// <summary>The waker against a region that loses the first wake of every entity (a shard home that moved, a region
/// whose coordinator was away): the wakes go again once nothing has answered for a while, and each entity counts once.</summary>
public sealed class TreeWakerResendTests
{
    private sealed class ForgetfulRegion : Akka.Actor.ReceiveActor
    {
        private readonly HashSet<string> _seen = [];

        public ForgetfulRegion() =>
            Receive<MonitorSim.Cluster.Protocol.Wake>(w =>
            {
                if (!_seen.Add(w.EntityId)) Sender.Tell(new MonitorSim.Cluster.Protocol.Awake(w.EntityId), Self);
            });
    }

    [Fact]
    public async Task Wakes_that_went_unanswered_go_again_and_the_start_completes_counting_each_entity_once()
    {
        using var system = Akka.Actor.ActorSystem.Create("waker-test");
        var region = system.ActorOf(Akka.Actor.Props.Create(() => new ForgetfulRegion()));
        var wakes = Enumerable.Range(0, 50).Select(i => new MonitorSim.Cluster.Protocol.Wake(0, $"pt-{i}")).ToList();
        var done = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reports = new ConcurrentQueue<WakeProgress>();

        system.ActorOf(MonitorSim.Cluster.Actors.TreeWaker.Props(region, wakes, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(2), reports.Enqueue, done));
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));

        var last = reports.Last();
        Assert.Equal((50, 50), (last.Woken, last.Total));
        Assert.All(reports, r => Assert.InRange(r.Woken, 0, 50));
    }
}
