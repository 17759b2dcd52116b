using Akka.Actor;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Tests;

/// <summary>A sizing trial starts from a compacted heap on every node: the coordinator asks each other node's agent to
/// collect, and the agent answers once its process has.</summary>
public sealed class NodeAgentHeapTests
{
    [Fact]
    public async Task Another_nodes_agent_collects_its_heap_when_asked_and_answers_when_done()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var (first, second) = await CameraGatewayTests.StartTwoNodesAsync(bound.Token);
        await using var _ = second;
        await using var __ = first;
        var secondAddress = Akka.Cluster.Cluster.Get(second.System).SelfAddress;
        var fullCollections = GC.CollectionCount(2);

        var answer = await first.AgentOf(secondAddress).Ask<HeapCollected>(CollectHeap.Instance, TimeSpan.FromSeconds(30), bound.Token);

        Assert.Equal(secondAddress.ToString(), answer.Node);
        Assert.True(answer.Took > TimeSpan.Zero);
        // Both nodes live in this test's process: the agent's two full collections (before and after the finalizers) show here.
        Assert.True(GC.CollectionCount(2) >= fullCollections + 2, $"{GC.CollectionCount(2) - fullCollections} full collections");
    }
}
