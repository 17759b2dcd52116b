using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using static MonitorSim.Load.Tests.TinyCity;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>Bytes per operation: each answered exchange weighs its GB/T 28181 messages; self-test targets have no wire.</summary>
public sealed class WireBytesTests
{
    private static Task<LoadOutcome> Run(Func<IOperationObserver, IMonitoringTree> tree, params StreamDefinition[] streams) =>
        new LoadEngine(ScenarioDefinition.Default("bytes") with
        {
            Duration = TimeSpan.FromSeconds(1.5),
            WarmUp = TimeSpan.Zero,
            CompletionTimeout = TimeSpan.FromSeconds(1),
            Topology = Tiny,
            Streams = streams,
        }, City).RunAsync(tree, _ => Task.FromResult(TreeStatus.Unknown), _ => "");

    private static LoadStep[] Ten => [new InjectStep(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), null, Arrivals.Uniform)];

    [Fact]
    public async Task Answered_keepalives_and_alarms_count_their_messages_bytes_both_ways()
    {
        var o = await Run(FakeMonitoringTree.Immediate,
            new StreamDefinition("keepalive", OperationKind.Keepalive, [], Ten),
            new StreamDefinition("alarm", OperationKind.Alarm, StreamDefinition.DefaultAlarmMix, Ten));

        var keepalive = WireSizes.Of(OperationKind.Keepalive);
        var alarm = WireSizes.Of(OperationKind.Alarm);
        Assert.Equal(new ByteCounts(10L * keepalive.Sent, 10L * keepalive.Received), o.Bytes!["keepalive"]);
        Assert.Equal(new ByteCounts(10L * alarm.Sent, 10L * alarm.Received), o.Bytes["alarm"]);
        // The boot stream's registrations weigh their REGISTER/401/REGISTER/200 exchange.
        Assert.Equal(30L * WireSizes.Of(OperationKind.Registration).Sent, o.Bytes["registration"].Sent);

        var metrics = new RunMetrics(o, 1.5);
        Assert.Equal(10.0 * keepalive.Sent, metrics.Get("keepalive", "bytes_sent"));
        Assert.Equal(o.Bytes.Values.Sum(b => (double)b.Received), metrics.Get("", "bytes_received"));
    }

    [Fact]
    public async Task Unanswered_operations_carry_no_bytes_and_a_self_test_target_has_no_wire()
    {
        var silent = await Run(FakeMonitoringTree.Silent, new StreamDefinition("keepalive", OperationKind.Keepalive, [], Ten));
        Assert.False(silent.Bytes!.ContainsKey("keepalive"));

        var noop = await Run(_ => throw new InvalidOperationException("no tree"), StreamDefinition.ForTarget("noop", new NoopTarget(), Ten));
        Assert.Empty(noop.Bytes!);
        Assert.Equal(10, noop.PerOperation["noop"].Completed);
    }

    [Fact]
    public async Task A_composite_weighs_both_of_its_steps()
    {
        var o = await Run(FakeMonitoringTree.Immediate,
            new StreamDefinition("alarm_checked", OperationKind.Alarm, StreamDefinition.DefaultAlarmMix, Ten, Then: OperationKind.AlarmQuery));

        var both = WireSizes.Of(OperationKind.Alarm) + WireSizes.Of(OperationKind.AlarmQuery);
        Assert.Equal(new ByteCounts(10L * both.Sent, 10L * both.Received), o.Bytes!["alarm_checked"]);
        Assert.Equal(10L * WireSizes.Of(OperationKind.AlarmQuery).Sent, o.Bytes["alarm_checked.alarm_query"].Sent);
    }
}
