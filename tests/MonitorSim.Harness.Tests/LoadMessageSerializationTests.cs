using Akka.Actor;
using Akka.Serialization;
using MonitorSim.Harness.Generators;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;

namespace MonitorSim.Harness.Tests;

/// <summary>What passes between the coordinator and the workers' load generators crosses the wire with the tree's
/// serializer (Hyperion, with the tree's settings) and arrives intact.</summary>
public sealed class LoadMessageSerializationTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("monitorsim");
    private readonly HyperionSerializer _wire;

    public LoadMessageSerializationTests() => _wire = new HyperionSerializer((ExtendedActorSystem)_system, WireSerialization.Settings);

    public void Dispose() => _system.Dispose();

    private T RoundTrip<T>(T message) => (T)_wire.FromBinary(_wire.ToBinary(message!), typeof(T));

    [Fact]
    public void A_workers_report_arrives_with_every_count_sample_acknowledged_alarm_acknowledged_clue_and_timed_burst()
    {
        var report = new LoadDelta("akka.tcp://monitorsim@127.0.0.1:4053", true,
            [[10, 2, 0, 0, 9, 1, 0, 3, 2], [5, 0, 1, 0, 4, 0, 0, 0, 0, 7, 6]],
            [[9, 1, 8, 1, 0, 4_096, 2_048]],
            [[], [3, 200, 1, 44, 7]],
            new Dictionary<string, long> { ["keepalive:not_registered"] = 3 },
            [17, 90_000_000_001L],
            12)
        {
            AcknowledgedSupervision = [new(OperationKind.ClueIntake, "op-1a2b3c4d-7"), new(OperationKind.CoHandling, "op-1a2b3c4d-r3")],
            Bursts = [new BurstDrain(48_000, 0.231, 17, 0.012), new BurstDrain(47_500, 0.262, 18, 0.009)],
        };

        var back = RoundTrip(report);

        Assert.Equal(report.Node, back.Node);
        Assert.True(back.Final);
        Assert.Equal(report.Streams, back.Streams);
        Assert.Equal(report.Operations, back.Operations);
        Assert.Equal(report.Latency, back.Latency);
        Assert.Equal(report.Failures, back.Failures);
        Assert.Equal(report.Acknowledged, back.Acknowledged);
        Assert.Equal(report.AcknowledgedSupervision, back.AcknowledgedSupervision);
        Assert.Equal(12, back.Resent);
        Assert.Equal(report.Bursts, back.Bursts);
    }

    [Fact]
    public void The_start_order_arrives_with_the_runs_figures_its_platforms_its_generator_tick_and_where_to_report()
    {
        var collector = _system.ActorOf(Props.Empty, "load-collector");
        var start = new StartLoad(new DateTime(2026, 11, 27, 9, 0, 1, DateTimeKind.Utc), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(30), 600,
            new DateTime(2026, 11, 28, 9, 30, 0), 42, [3, 7, 44], collector, TimeSpan.FromMilliseconds(20));

        var back = RoundTrip(start);

        Assert.Equal(start with { Platforms = back.Platforms, Collector = back.Collector }, back);
        Assert.Equal([3, 7, 44], back.Platforms);
        Assert.Equal(collector.Path, back.Collector.Path);
        Assert.Equal(TimeSpan.FromMilliseconds(20), back.GeneratorTick);
        Assert.Equal(new LoadStarted("node", "why not"), RoundTrip(new LoadStarted("node", "why not")));
        Assert.IsType<StopLoad>(RoundTrip(StopLoad.Instance));
    }
}
