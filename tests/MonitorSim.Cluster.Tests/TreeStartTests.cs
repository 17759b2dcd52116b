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
