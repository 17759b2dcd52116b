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
/// Since the camera gateway, those messages cross in batches: the <c>Batch*</c> benchmarks write and read a batch of
/// <see cref="BatchItems"/> device messages and one of as many answers with the serializer the node binds to them
/// (<see cref="GatewayBatchSerializer"/>) and, as the baseline it replaced, with the node's Hyperion.
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
    private DeviceBatch _devices = null!;
    private OperationDoneBatch _answers = null!;
    private Serializer _batchSerializer = null!;
    private Serializer _hyperion = null!;
    private byte[] _devicesBytes = null!, _answersBytes = null!, _devicesHyperion = null!, _answersHyperion = null!;

    /// <summary>Items in a batch: a province's 18,200 operations a second gathered for about a millisecond.</summary>
    public const int BatchItems = 16;

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

        // A batch as the load engine sends it (each item's ReplyTo is Nobody: the gateway answers) and its answers.
        var items = new ITreeMessage[BatchItems];
        var answers = new OperationDone[BatchItems];
        for (var i = 0; i < BatchItems; i++)
        {
            var t = ticket with { Subject = 1000 + i, Intended = ticket.Intended + i };
            items[i] = i % 8 == 7
                ? new RaiseAlarm(7, 101, 1000 + i, AlarmType.DeskUnattended, t, ActorRefs.Nobody)
                : new Keepalive(7, 1000 + i, t, ActorRefs.Nobody);
            answers[i] = i % 8 == 7
                ? new OperationDone(t, OperationKind.Alarm, OpStatus.Ok, new AlarmHops(11, 22, 33), null, 42)
                : new OperationDone(t, OperationKind.Keepalive, OpStatus.Ok);
        }
        _devices = new DeviceBatch(sink, items);
        _answers = new OperationDoneBatch(answers);
        _batchSerializer = _serialization.FindSerializerFor(_devices);
        _hyperion = _serialization.FindSerializerFor(_done);
        _devicesBytes = _batchSerializer.ToBinary(_devices);
        _answersBytes = _batchSerializer.ToBinary(_answers);
        _devicesHyperion = _hyperion.ToBinary(_devices);
        _answersHyperion = _hyperion.ToBinary(_answers);
        Console.WriteLine($"// bytes of a {BatchItems}-item batch: devices {_devicesBytes.Length} (Hyperion {_devicesHyperion.Length}), " +
                          $"answers {_answersBytes.Length} (Hyperion {_answersHyperion.Length})");
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

    [Benchmark]
    public byte[] BatchOfDevicesToBytes() => _batchSerializer.ToBinary(_devices);

    [Benchmark]
    public object BatchOfDevicesFromBytes() => ((SerializerWithStringManifest)_batchSerializer).FromBinary(_devicesBytes, "D");

    [Benchmark]
    public byte[] BatchOfAnswersToBytes() => _batchSerializer.ToBinary(_answers);

    [Benchmark]
    public object BatchOfAnswersFromBytes() => ((SerializerWithStringManifest)_batchSerializer).FromBinary(_answersBytes, "A");

    [Benchmark]
    public byte[] BatchOfDevicesToBytesHyperion() => _hyperion.ToBinary(_devices);

    [Benchmark]
    public object BatchOfDevicesFromBytesHyperion() => _hyperion.FromBinary<DeviceBatch>(_devicesHyperion);

    [Benchmark]
    public byte[] BatchOfAnswersToBytesHyperion() => _hyperion.ToBinary(_answers);

    [Benchmark]
    public object BatchOfAnswersFromBytesHyperion() => _hyperion.FromBinary<OperationDoneBatch>(_answersHyperion);
}
