using Akka.Actor;
using Akka.TestKit.Xunit2;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Cluster.Tests;

/// <summary>An answer to this node's sink reaches the load engine with no message made; any other reply path still gets
/// the <see cref="OperationDone"/> it always got.</summary>
public sealed class OperationAnswerTests : TestKit
{
    private static readonly OpTicket Ticket = new(2, 1234, 98_765_432_100, 98_765_432_177, 1, 98_765_432_300);

    [Fact]
    public void An_answer_to_the_local_sink_arrives_whole_and_allocates_nothing()
    {
        var observer = new LastOutcome();
        var sink = new OperationSink(Sys, observer);
        IActorRef replyTo = sink;
        replyTo.Answer(Ticket, OperationKind.Keepalive, OpStatus.Ok); // first use
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++) replyTo.Answer(Ticket, OperationKind.Keepalive, OpStatus.Ok);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(10_001, observer.Count);

        var hops = new AlarmHops(1, 2, 3);
        replyTo.Answer(Ticket, OperationKind.Alarm, OpStatus.Rejected, hops, "not_registered", 77);
        var o = observer.Last;
        Assert.Equal((Ticket, OperationKind.Alarm, OpStatus.Rejected, hops, "not_registered", 77L), (o.Ticket, o.Kind, o.Status, o.Hops, o.Reason, o.Ref));
        Assert.True(o.Completed > 0);
        sink.Stop();
    }

    [Fact]
    public void An_answer_to_any_other_reply_path_is_the_operation_done_message()
    {
        var probe = CreateTestProbe();
        probe.Ref.Answer(Ticket, OperationKind.ServiceFlow, OpStatus.Failed, reason: "busy", reference: 9);
        Assert.Equal(new OperationDone(Ticket, OperationKind.ServiceFlow, OpStatus.Failed, default, "busy", 9), probe.ExpectMsg<OperationDone>());
    }

    private sealed class LastOutcome : IOperationObserver
    {
        public int Count { get; private set; }

        public OpOutcome Last { get; private set; }

        public void OnCompleted(in OpOutcome outcome)
        {
            Count++;
            Last = outcome;
        }
    }
}
