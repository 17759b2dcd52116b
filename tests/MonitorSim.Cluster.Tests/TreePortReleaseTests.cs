using System.Runtime.CompilerServices;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// Each run or sizing trial opens a port on the tree for its load engine, whose answers reach the engine's observer (its
/// measurement: the latency histograms of every stream, ~190 KB each). Once the port is closed the tree lets go of the
/// observer; before, the port's answer sink stayed registered with the actor system for good, and a sizing run kept
/// every trial's measurement: its working set grew from 328 MB to 1.8 GB over 30 trials (2026-12-05).
/// </summary>
public sealed class TreePortReleaseTests
{
    [Fact]
    public async Task A_closed_port_lets_go_of_its_engine_so_trial_after_trial_does_not_keep_every_trials_measurement()
    {
        await using var fixture = await TreeFixture.StartAsync();
        var observer = OpenAndClosePort(fixture.Node);

        Assert.True(await ReleasedWithin5sAsync(observer), "the closed port's observer is still reachable 5 s after the port closed");
    }

    /// <summary>On two nodes the other node's gateway answers through remoting, and Akka.Remote keeps every reference it
    /// resolved for that (the port's route keeper and its links among them) in a per-thread cache after the port closed;
    /// each keeps its actor's <c>Props</c>, which held the port's answer sink and, through it, the engine (~41 MB a trial
    /// of a two-node sizing run, 2026-12-06).</summary>
    [Fact]
    public async Task A_closed_port_whose_answers_came_through_another_node_lets_go_of_its_engine_too()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var (first, second) = await CameraGatewayTests.StartTwoNodesAsync(bound.Token);
        await using var _ = second;
        await using var __ = first;
        var remote = await CameraGatewayTests.RemotePlatformsAsync(first, second, bound.Token);
        var observer = await AnswerThroughTheOtherNodeAndCloseAsync(first, remote);

        Assert.True(await ReleasedWithin5sAsync(observer), "the closed port's observer is still reachable 5 s after the port closed");
    }

    /// <summary>Opens a port, registers every camera of the other node's platforms once its routes lead there (so the
    /// answers come back through that node's gateway), and closes the port.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> AnswerThroughTheOtherNodeAndCloseAsync(TreeNode first, List<int> remote)
    {
        var observer = new OutcomeCollector();
        var port = (ClusterTree)first.CreateTree(observer);
        await Eventually.HoldsAsync(() =>
        {
            Assert.Equal(remote.Count, port.RemotePlatforms);
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(15));
        var topology = first.Options.Topology;
        var cameras = Enumerable.Range(0, topology.CameraCount).Where(c => remote.Contains(topology.PlatformOf(new CameraId(c)).Value)).ToList();
        foreach (var c in cameras) port.Register(new CameraId(c), TreeFixture.Ticket(c));
        var answered = await observer.NextAsync(cameras.Count, TimeSpan.FromSeconds(20));
        Assert.All(answered, o => Assert.Equal(OpStatus.Ok, o.Status));
        port.Dispose();
        return new WeakReference(observer);
    }

    /// <summary>Collects until <paramref name="observer"/> is gone, for up to 5 s (the port's route keeper stops
    /// asynchronously).</summary>
    private static async Task<bool> ReleasedWithin5sAsync(WeakReference observer)
    {
        for (var i = 0; i < 50; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (!observer.IsAlive) return true;
            await Task.Delay(100);
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference OpenAndClosePort(TreeNode node)
    {
        var observer = new OutcomeCollector();
        var port = node.CreateTree(observer);
        ((IDisposable)port).Dispose();
        return new WeakReference(observer);
    }
}
