using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using Xunit.Abstractions;
using static MonitorSim.Load.Tests.TinyCity;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>
/// The engine's own share of an operation's garbage, counted, not timed: a tree that answers inside the call puts the
/// whole of an operation's engine path on the generator's thread (draw the subject, cap, stamp, send, claim, record
/// both latencies, count), and <see cref="GC.GetAllocatedBytesForCurrentThread"/> around thousands of them gives the
/// bytes per operation exactly. Every byte allocated is a step towards the next gen-0 collection, which stops every
/// thread, the generator's too (docs/measurement.md, "Bytes per operation").
/// </summary>
public sealed class GeneratorAllocationTests(ITestOutputHelper output)
{
    private const int Operations = 20_000;

    /// <summary>The measurement skips the first operations (the JIT, first-use caches) and the last ones.</summary>
    private const int From = 2_000, To = 18_000;

    /// <summary>The bound: two bytes per operation on average (measured: 0.00 for each kind, 2026-12-03). Any object made
    /// per operation is at least 24 bytes, so one in every twelve operations is already too many. Before the allocation
    /// work the generator made a closure on every pass and Math.NET a 4-byte array on every random draw, 32 bytes each;
    /// with the draw's array alone put back, this test reads 34.1 bytes per operation.</summary>
    private const double BoundBytesPerOp = 2;

    [Theory]
    [InlineData(OperationKind.Keepalive)]
    [InlineData(OperationKind.Registration)]
    [InlineData(OperationKind.ServiceFlow)]
    public async Task An_operation_through_the_engine_allocates_nothing_on_the_generator_thread(OperationKind kind)
    {
        var name = OperationNames.Of(kind);
        var scenario = ScenarioDefinition.Default("allocation") with
        {
            Duration = TimeSpan.FromSeconds(60), // an upper bound: counted load ends when its last operation is answered
            Topology = Tiny,
            // All due at once: the generator issues flat out, one operation a pass, a random camera drawn for each.
            Streams = [new StreamDefinition(name, kind, [], [new IterationsForInjectStep(1e9, TimeSpan.FromSeconds(1), Operations, Arrivals.Uniform)])],
        };
        // Without the boot stream (every camera registering once over 5 s), the run is only the counted operations.
        var plans = LoadPlanner.Plan(scenario, City).Where(p => p.Name != LoadPlanner.BootStream).ToList();
        AllocationProbeTree? tree = null;
        var outcome = await new LoadEngine(scenario, City, plans).RunAsync(
            observer => tree = new AllocationProbeTree(observer, From, To),
            _ => Task.FromResult(TreeStatus.Unknown),
            _ => "no fault");

        Assert.Equal(new OperationCounts(Operations, Operations, 0, 0), outcome.PerOperation[name]);
        var bytesPerOp = tree!.BytesPerOperation;
        output.WriteLine($"{name}: {bytesPerOp:0.00} bytes per operation on the generator thread");
        Assert.True(bytesPerOp <= BoundBytesPerOp,
            $"{name}: {bytesPerOp:0.0} bytes allocated per operation on the generator thread (bound {BoundBytesPerOp})");
    }

    /// <summary>Answers every operation at once, on the caller's (the generator's) thread, and reads the thread's
    /// allocated bytes at operation <c>from</c> and <c>to</c>, before each is answered.</summary>
    private sealed class AllocationProbeTree(IOperationObserver observer, int from, int to) : IMonitoringTree
    {
        private int _calls;
        private long _atFrom = -1, _atTo = -1;

        public double BytesPerOperation => _atFrom < 0 || _atTo < 0
            ? throw new InvalidOperationException($"only {_calls} operations reached the tree")
            : (double)(_atTo - _atFrom) / (to - from);

        public void Register(CameraId camera, OpTicket ticket) => Answer(OperationKind.Registration, ticket);

        public void Keepalive(CameraId camera, OpTicket ticket) => Answer(OperationKind.Keepalive, ticket);

        public void RaiseAlarm(CameraId camera, AlarmType type, OpTicket ticket) => Answer(OperationKind.Alarm, ticket);

        public void ServiceFlow(PointId point, ServiceFlowStep step, OpTicket ticket) => Answer(OperationKind.ServiceFlow, ticket);

        public void QueryAlarm(CameraId camera, long alarmId, OpTicket ticket) => Answer(OperationKind.AlarmQuery, ticket);

        public void FileClue(PointId point, OpTicket ticket) => Answer(OperationKind.ClueIntake, ticket);

        public void ListClue(long clue, OpTicket ticket) => Answer(OperationKind.ClueListing, ticket);

        public void OpenCoHandling(int unit, OpTicket ticket) => Answer(OperationKind.CoHandling, ticket);

        private void Answer(OperationKind kind, OpTicket ticket)
        {
            var call = ++_calls;
            if (call == from) _atFrom = GC.GetAllocatedBytesForCurrentThread();
            if (call == to) _atTo = GC.GetAllocatedBytesForCurrentThread();
            observer.OnCompleted(new OpOutcome(ticket, kind, OpStatus.Ok, Stopwatch.GetTimestamp(), default, null, 0));
        }
    }
}
