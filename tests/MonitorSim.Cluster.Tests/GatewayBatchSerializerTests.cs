using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// The batches every cross-node camera operation travels in (device messages to a node's gateway, answers back) are
/// written in a fixed layout by <see cref="GatewayBatchSerializer"/>, come back equal on another node, keep what the
/// layout does not cover, and are smaller than Hyperion made them.
/// </summary>
public sealed class GatewayBatchSerializerTests(TwoSerializingNodes nodes) : IClassFixture<TwoSerializingNodes>
{
    private static readonly OpTicket Ticket = new(2, 1234, 98_765_432_100, 98_765_432_177, 1, 98_765_432_300);

    private object RoundTrip(object message)
    {
        var serializer = nodes.A.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        return nodes.B.Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, message));
    }

    [Fact]
    public void A_node_writes_both_batches_with_the_gateway_serializer_and_everything_else_with_hyperion()
    {
        var ser = nodes.A.Serialization;
        Assert.IsType<GatewayBatchSerializer>(ser.FindSerializerForType(typeof(DeviceBatch)));
        Assert.IsType<GatewayBatchSerializer>(ser.FindSerializerForType(typeof(OperationDoneBatch)));
        Assert.IsType<HyperionSerializer>(ser.FindSerializerForType(typeof(Keepalive)));
        Assert.IsType<HyperionSerializer>(ser.FindSerializerForType(typeof(OperationDone)));
    }

    [Fact]
    public void Every_kind_of_device_message_in_a_batch_comes_back_equal_and_the_answers_go_to_the_sending_engine()
    {
        ITreeMessage[] items =
        [
            new Keepalive(7, 1234, Ticket, ActorRefs.Nobody),
            new Register(7, 1235, Ticket with { Subject = 1235 }, ActorRefs.Nobody),
            new RaiseAlarm(7, 101, 1236, AlarmType.VideoTamper, Ticket with { Step = 0 }, ActorRefs.Nobody),
            new ServiceFlowRequest(7, 102, ServiceFlowStep.Evaluated, Ticket with { Step = 3 }, ActorRefs.Nobody),
            new Keepalive(int.MaxValue, -1, new OpTicket(int.MinValue, 0, long.MaxValue, long.MinValue), ActorRefs.Nobody),
        ];

        var back = (DeviceBatch)RoundTrip(new DeviceBatch(nodes.Sink, items));

        Assert.Equal(items, back.Messages);
        // The reply-to is the engine's sink on the sending node, seen from the receiving one.
        Assert.Equal(nodes.Sink.Path.ToStringWithAddress(nodes.A.Provider.DefaultAddress), back.ReplyTo.Path.ToString());
    }

    [Fact]
    public void A_message_outside_the_fixed_layout_keeps_its_content_through_its_own_serializer()
    {
        ITreeMessage[] items =
        [
            new Keepalive(7, 1234, Ticket, nodes.Actor), // a reply-to of its own: not dropped for Nobody
            new CatalogQuery(7, 99),
            new Keepalive(8, 4321, Ticket, ActorRefs.Nobody),
        ];

        var back = (DeviceBatch)RoundTrip(new DeviceBatch(nodes.Sink, items));

        Assert.Equal(3, back.Messages.Length);
        var own = Assert.IsType<Keepalive>(back.Messages[0]);
        Assert.Equal((7, 1234, Ticket), (own.Platform, own.Camera, own.Ticket));
        Assert.Equal(nodes.Actor.Path.ToStringWithAddress(nodes.A.Provider.DefaultAddress), own.ReplyTo.Path.ToString());
        Assert.Equal(items[1], back.Messages[1]);
        Assert.Equal(items[2], back.Messages[2]);
    }

    [Fact]
    public void Answers_come_back_with_their_hops_reason_and_reference()
    {
        OperationDone[] done =
        [
            new(Ticket, OperationKind.Keepalive, OpStatus.Ok),
            new(Ticket, OperationKind.Alarm, OpStatus.Ok, new AlarmHops(11, 22, 33), null, 42),
            new(Ticket, OperationKind.Registration, OpStatus.Rejected, default, "设备未注册 (not registered)"),
            new(Ticket, OperationKind.ServiceFlow, OpStatus.Failed, new AlarmHops(0, 0, -5), "", long.MinValue),
        ];

        var back = (OperationDoneBatch)RoundTrip(new OperationDoneBatch(done));

        Assert.Equal(done, back.Done);
    }

    [Fact]
    public void A_batch_cut_short_is_a_serialization_error_saying_where_not_an_index_error()
    {
        var serializer = (SerializerWithStringManifest)nodes.A.Serialization.FindSerializerForType(typeof(OperationDoneBatch));
        var bytes = serializer.ToBinary(new OperationDoneBatch([new OperationDone(Ticket, OperationKind.Keepalive, OpStatus.Ok)]));

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes[..^3], serializer.Manifest(new OperationDoneBatch([]))));

        Assert.Contains(GatewayBatchSerializer.Name, error.Message);
        Assert.Contains($"ends at byte {bytes.Length - 3}", error.Message);
        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, "no such manifest"));
    }

    [Fact]
    public void Writing_and_reading_a_batch_and_its_answers_allocates_under_a_quarter_of_what_hyperion_did()
    {
        var items = new ITreeMessage[16];
        var answers = new OperationDone[16];
        for (var i = 0; i < 16; i++)
        {
            var t = Ticket with { Subject = 1000 + i, Intended = Ticket.Intended + i };
            items[i] = i % 8 == 7 ? new RaiseAlarm(7, 101, 1000 + i, AlarmType.DeskUnattended, t, ActorRefs.Nobody) : new Keepalive(7, 1000 + i, t, ActorRefs.Nobody);
            answers[i] = i % 8 == 7
                ? new OperationDone(t, OperationKind.Alarm, OpStatus.Ok, new AlarmHops(11, 22, 33), null, 42)
                : new OperationDone(t, OperationKind.Keepalive, OpStatus.Ok);
        }
        object[] batches = [new DeviceBatch(nodes.Sink, items), new OperationDoneBatch(answers)];

        var gateway = BytesAllocatedCrossing(batches, nodes.A.Serialization.FindSerializerForType(typeof(DeviceBatch)));
        var hyperion = BytesAllocatedCrossing(batches, nodes.A.Serialization.FindSerializerForType(typeof(Keepalive)));

        Assert.True(gateway < hyperion / 4, $"a batch and its answers: {gateway:N0} B allocated, Hyperion {hyperion:N0} B");
    }

    /// <summary>Bytes this thread allocates writing and reading each of <paramref name="batches"/> once (after a first,
    /// warming, round).</summary>
    private static long BytesAllocatedCrossing(object[] batches, Serializer serializer)
    {
        long allocated = 0;
        for (var round = 0; round < 2; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var batch in batches)
            {
                var bytes = serializer.ToBinary(batch);
                _ = serializer is SerializerWithStringManifest m ? m.FromBinary(bytes, m.Manifest(batch)) : serializer.FromBinary(bytes, batch.GetType());
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        return allocated;
    }
}
