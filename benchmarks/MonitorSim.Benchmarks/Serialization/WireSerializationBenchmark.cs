using Akka.Actor;
using Akka.Serialization;
using BenchmarkDotNet.Attributes;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Benchmarks.Serialization;

/// <summary>
/// What one cross-node message costs to turn into bytes and back, with the serializer a tree node really uses (Hyperion,
/// with the known-types list) on a node whose provider is the cluster's, so actor refs are written as paths and resolved
/// on the way back. A keepalive going out and its answer coming back are the two messages every camera operation on a
/// remote platform pays for; compare with the ~12 µs a whole operation costs on one node (issue 4's throughput gap).
/// </summary>
[MemoryDiagnoser]
public class WireSerializationBenchmark
{
    private TreeNode _node = null!;
    private Akka.Serialization.Serialization _serialization = null!;
    private Keepalive _keepalive = null!;
    private OperationDone _done = null!;
    private Serializer _keepaliveSerializer = null!;
    private Serializer _doneSerializer = null!;
    private byte[] _keepaliveBytes = null!;
    private byte[] _doneBytes = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var topology = TopologyBuilder.Build(new TopologySpec(3, 30, 120, 0, 0), 42);
        _node = await TreeNode.StartAsync(new TreeNodeOptions(topology, MonitoringRules.Standard,
            new SimClock(new DateTime(2026, 11, 27, 9, 0, 0), 1), StoreSettings.Memory, TimeSpan.FromSeconds(5)));
        _serialization = _node.System.Serialization;
        // A reply-to like the load engine's sink: a temp actor of this node, written as its full remote path.
        var sink = _node.System.ActorOf(Props.Empty, "sink");
        var ticket = new OpTicket(2, 1234, 98_765_432_100, 98_765_432_200);
        _keepalive = new Keepalive(7, 1234, ticket, sink);
        _done = new OperationDone(ticket, OperationKind.Keepalive, OpStatus.Ok);
        _keepaliveSerializer = _serialization.FindSerializerFor(_keepalive);
        _doneSerializer = _serialization.FindSerializerFor(_done);
        _keepaliveBytes = _keepaliveSerializer.ToBinary(_keepalive);
        _doneBytes = _doneSerializer.ToBinary(_done);
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _node.DisposeAsync();

    [Benchmark(Baseline = true)]
    public byte[] KeepaliveToBytes() => _keepaliveSerializer.ToBinary(_keepalive);

    [Benchmark]
    public object KeepaliveFromBytes() => _keepaliveSerializer.FromBinary<Keepalive>(_keepaliveBytes);

    [Benchmark]
    public byte[] AnswerToBytes() => _doneSerializer.ToBinary(_done);

    [Benchmark]
    public object AnswerFromBytes() => _doneSerializer.FromBinary<OperationDone>(_doneBytes);
}
