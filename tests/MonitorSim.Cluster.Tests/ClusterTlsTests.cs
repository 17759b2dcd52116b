using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// Mutual TLS at the cluster level, on real tree nodes: two nodes with certificates from the cluster's CA form one
/// cluster and a platform on one answers through the other; a node with another CA's certificate, or without TLS at all,
/// cannot join (its start fails with a <see cref="TreeStartException"/>) and the cluster stays as it was.
/// </summary>
public sealed class ClusterTlsTests(TestPki pki) : IClassFixture<TestPki>
{
    /// <summary>TreeNode gives a joining node 30 s to come Up; the margin covers starting and stopping the system.</summary>
    private static readonly TimeSpan RefusedJoinBound = TimeSpan.FromSeconds(75);

    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Two_nodes_with_certificates_from_the_cluster_CA_form_one_cluster_and_a_platform_answers_across_it()
    {
        using var bound = new CancellationTokenSource(StartBound);
        // The first node waits for two tree nodes before it wakes the tree, so the platform shards spread over both; it
        // says where it listens once it is Up, and the second node joins it there.
        var seed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstStart = TreeNode.StartAsync(Options(pki.NodeA, new ClusterMembership([], [ClusterMembership.TreeRole, ClusterMembership.LoadRole],
            TreeNodes: 2, WhenUp: (self, _) =>
            {
                seed.TrySetResult(self);
                return Task.CompletedTask;
            })), bound.Token);
        TreeNode? first = null;
        TreeNode? second = null;
        try
        {
            await Task.WhenAny(seed.Task, firstStart).WaitAsync(bound.Token);
            if (firstStart.IsFaulted) await firstStart; // the first node failed on its own: show why
            var seedAddress = await seed.Task;

            second = await TreeNode.StartAsync(Options(pki.NodeB, ClusterMembership.Joining([seedAddress])), bound.Token);
            first = await firstStart.WaitAsync(bound.Token);

            var firstSelf = Akka.Cluster.Cluster.Get(first.System).SelfAddress;
            var secondSelf = Akka.Cluster.Cluster.Get(second.System).SelfAddress;
            Assert.Equal("akka.ssl.tcp", firstSelf.Protocol);
            Assert.Equal("akka.ssl.tcp", secondSelf.Protocol);
            Assert.Equal($"{firstSelf.Host}:{firstSelf.Port}", seedAddress);

            // Both see both, Up.
            await Eventually.HoldsAsync(() =>
            {
                Assert.Equal(new HashSet<Address> { firstSelf, secondSelf }, first.Members.ToHashSet());
                Assert.Equal(new HashSet<Address> { firstSelf, secondSelf }, second.Members.ToHashSet());
                return Task.CompletedTask;
            }, TimeSpan.FromSeconds(15));

            // A platform whose shard lives on the second node answers a request made through the first node's region:
            // the request and the reply cross the TLS link (and Hyperion on it).
            var stats = await first.Region.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(3)),
                TimeSpan.FromSeconds(5), bound.Token);
            Assert.True(stats.Regions.ContainsKey(secondSelf), $"the second node's region is not registered: {Describe(stats)}");
            var onSecond = stats.Regions[secondSelf].Stats.Keys.Select(int.Parse).Order().ToList();
            Assert.True(onSecond.Count > 0, $"no shard went to the second node: {Describe(stats)}");
            foreach (var platform in onSecond)
            {
                var status = await first.PlatformStatusAsync(platform, TimeSpan.FromSeconds(5));
                Assert.NotNull(status);
            }
        }
        finally
        {
            bound.Cancel();
            if (second is not null) await second.DisposeAsync();
            first ??= await Finished(firstStart);
            if (first is not null) await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_node_whose_certificate_comes_from_another_CA_cannot_join()
    {
        await using var first = await StartSingleAsync(pki.NodeA);

        // A complete TLS node of its own: its certificate is from a foreign CA (and it trusts only that CA).
        await AssertCannotJoinAsync(first, pki.Foreign);
    }

    [Fact]
    public async Task A_node_without_TLS_cannot_join_a_TLS_node()
    {
        await using var first = await StartSingleAsync(pki.NodeA);

        // Plain TCP: it dials the TLS node's host and port as akka.tcp and speaks unencrypted Akka protocol to it.
        await AssertCannotJoinAsync(first, tls: null);
    }

    /// <summary>A node with <paramref name="tls"/> tries to join <paramref name="first"/>: its start must fail with "could
    /// not join the cluster", within the join timeout, and <paramref name="first"/> must never have seen it.</summary>
    private static async Task AssertCannotJoinAsync(TreeNode first, TlsSettings? tls)
    {
        var self = Akka.Cluster.Cluster.Get(first.System).SelfAddress;
        Assert.Equal("akka.ssl.tcp", self.Protocol);
        var seed = $"{self.Host}:{self.Port}";

        using var bound = new CancellationTokenSource(RefusedJoinBound);
        var watch = Stopwatch.StartNew();
        var start = TreeNode.StartAsync(Options(tls, ClusterMembership.Joining([seed])), bound.Token);
        Exception? failure = null;
        try
        {
            var joined = await start.WaitAsync(RefusedJoinBound);
            await joined.DisposeAsync();
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            bound.Cancel();
        }
        watch.Stop();

        Assert.True(failure is not null, "the node joined the TLS cluster");
        var refused = Assert.IsType<TreeStartException>(failure);
        Assert.Contains("could not join the cluster", refused.Message);
        Assert.Contains(seed, refused.Message);
        Assert.True(watch.Elapsed < RefusedJoinBound, $"the refused start took {watch.Elapsed.TotalSeconds:0.0} s");

        // The cluster never saw the intruder, in any status.
        var members = Akka.Cluster.Cluster.Get(first.System).State.Members;
        Assert.Equal([self], members.Select(m => m.Address));
        Assert.Equal(MemberStatus.Up, members.Single().Status);
        Assert.Equal([self], first.Members);
    }

    private static async Task<TreeNode> StartSingleAsync(TlsSettings tls)
    {
        using var bound = new CancellationTokenSource(StartBound);
        return await TreeNode.StartAsync(Options(tls, ClusterMembership.SingleNode), bound.Token);
    }

    /// <summary>A node of the tiny city (three platforms, twelve points, thirty cameras) on the memory store, on a free
    /// loopback port.</summary>
    private static TreeNodeOptions Options(TlsSettings? tls, ClusterMembership membership) =>
        new(TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 42), MonitoringRules.Standard,
            new ManualSimClock(TreeFixture.Start, compression: 1000), StoreSettings.Parse("memory"), TimeSpan.FromSeconds(5),
            Membership: membership, Tls: tls);

    /// <summary>The node <paramref name="start"/> produced if it has (or soon does), else null.</summary>
    private static async Task<TreeNode?> Finished(Task<TreeNode> start)
    {
        try { return await start.WaitAsync(TimeSpan.FromSeconds(30)); }
        catch (Exception) { return null; }
    }

    private static string Describe(ClusterShardingStats stats) =>
        string.Join("; ", stats.Regions.Select(r => $"{r.Key}: shards [{string.Join(", ", r.Value.Stats.Keys)}]"));
}
