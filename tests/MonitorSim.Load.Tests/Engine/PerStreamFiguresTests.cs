using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using MonitorSim.Load.Thresholds;
using static MonitorSim.Load.Tests.TinyCity;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>
/// Two streams of one operation kind are merged in the operation's figures and kept apart in each stream's own: counts,
/// response and service time, failures; thresholds can name either. Short real-time runs.
/// </summary>
public sealed class PerStreamFiguresTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static ScenarioDefinition Scenario(params StreamDefinition[] streams) =>
        ScenarioDefinition.Default("per_stream") with
        {
            Duration = S(1.5),
            WarmUp = TimeSpan.Zero,
            ReportInterval = S(0.5),
            CompletionTimeout = S(1),
            Topology = Tiny,
            Streams = streams,
            Monitoring = MonitoringSpec.Default with { AlarmRetransmit = TimeSpan.Zero },
        };

    private static StreamDefinition Inject(string name, StreamDefinition template, double perSecond) =>
        template with { Name = name, Steps = [new InjectStep(perSecond, S(1), S(1), null, Arrivals.Uniform)] };

    private static StreamDefinition Target(string name, TargetSpec target, double perSecond) =>
        Inject(name, StreamDefinition.ForTarget(name, target, []), perSecond);

    private static Task<LoadOutcome> RunTargets(ScenarioDefinition s) =>
        new LoadEngine(s, City).RunAsync(_ => throw new InvalidOperationException("no tree"), _ => Task.FromResult(TreeStatus.Unknown), _ => "no fault");

    [Fact]
    public async Task Two_streams_of_one_target_are_merged_in_the_operation_and_apart_in_their_own_figures()
    {
        // 20 operations answered after 10 ms, 40 after 60 ms: one operation, fixed_delay, of two streams.
        var s = Scenario(Target("fast", new FixedDelayTarget(TimeSpan.FromMilliseconds(10)), 20),
            Target("slow", new FixedDelayTarget(TimeSpan.FromMilliseconds(60)), 40));

        var o = await RunTargets(s);

        var fast = Assert.Single(o.Workload, w => w.Name == "fast");
        var slow = Assert.Single(o.Workload, w => w.Name == "slow");
        Assert.Equal(new OperationCounts(20, 20, 0, 0, 0), fast.Counts);
        Assert.Equal(new OperationCounts(40, 40, 0, 0, 0), slow.Counts);
        Assert.Equal(20, fast.ServiceTime!.Count);
        Assert.Equal(40, slow.ServiceTime!.Count);
        Assert.Equal(60, o.ServiceTime["fixed_delay"].Count);
        // No answer comes before its delay, and the fast stream's slowest is well below the slow stream's fastest.
        Assert.True(fast.ServiceTime.P50 >= 10 * 0.999, $"fast p50 {fast.ServiceTime.P50} ms");
        Assert.True(slow.ServiceTime.P50 >= 60 * 0.999, $"slow p50 {slow.ServiceTime.P50} ms");
        Assert.True(slow.Latency!.P50 >= slow.ServiceTime.P50, "response time is at least service time");
        Assert.Equal(60, o.Latency["fixed_delay"].Count);

        var metrics = new RunMetrics(o, 1.5);
        Assert.Equal(slow.ServiceTime.Count, metrics.Get("slow", "count"));
        Assert.Equal(slow.Latency.P99, metrics.Get("slow", "p99"));
        Assert.Equal(o.Latency["fixed_delay"].P99, metrics.Get("fixed_delay", "p99"));
        Assert.Equal(40, ThresholdExpression.Parse("slow.completed == 40").Evaluate(metrics).Value);
    }

    [Fact]
    public async Task A_stream_that_is_its_operations_only_one_has_the_operations_figures()
    {
        var o = await RunTargets(Scenario(Target("queue_check", new FixedDelayTarget(TimeSpan.FromMilliseconds(5)), 30)));

        var line = Assert.Single(o.Workload);
        Assert.Equal(o.Latency["fixed_delay"], line.Latency);
        Assert.Equal(o.ServiceTime["fixed_delay"], line.ServiceTime);
        Assert.Equal(o.PerOperation["fixed_delay"], line.Counts);
    }

    [Fact]
    public async Task Each_stream_keeps_its_own_failures_and_the_run_adds_them_up()
    {
        // The ordinary alarms are accepted; the morning peak's are refused.
        var plain = new StreamDefinition("alarm", OperationKind.Alarm, [], []);
        var s = Scenario(Inject("alarm", plain, 10), Inject("morning_alarms", plain, 30));
        var engine = new LoadEngine(s, City);
        var morning = engine.Plans.ToList().FindIndex(p => p.Name == "morning_alarms");
        FakeMonitoringTree? tree = null;

        var o = await engine.RunAsync(observer =>
            {
                tree = FakeMonitoringTree.Immediate(observer);
                tree.Decide = (kind, ticket) => ticket.Stream == morning ? (OpStatus.Rejected, "busy") : (OpStatus.Ok, null);
                return tree;
            },
            _ => Task.FromResult(TreeStatus.Unknown), _ => "no fault");
        tree!.Dispose();

        var ordinary = Assert.Single(o.Workload, w => w.Name == "alarm");
        var peak = Assert.Single(o.Workload, w => w.Name == "morning_alarms");
        Assert.Equal(new OperationCounts(10, 10, 0, 0, 0), ordinary.Counts);
        Assert.Equal(new OperationCounts(30, 0, 30, 0, 0), peak.Counts);
        Assert.Empty(ordinary.Failures!);
        Assert.Equal(new Dictionary<string, long> { ["alarm:busy"] = 30 }, peak.Failures);
        Assert.Equal(30, o.Failures["alarm:busy"]);
        Assert.Equal(new OperationCounts(40, 10, 30, 0, 0), o.PerOperation["alarm"]);

        // 'alarm' is the operation (both streams, as it always was); streams.alarm and morning_alarms are streams.
        var metrics = new RunMetrics(o, 1.5);
        Assert.Equal(75.0, metrics.Get("alarm", "fail_pct"));
        Assert.Equal(0.0, metrics.Get("streams.alarm", "fail_pct"));
        Assert.Equal(100.0, metrics.Get("morning_alarms", "fail_pct"));
        Assert.Equal(100.0, metrics.Get("streams.morning_alarms", "fail_pct"));
        Assert.Null(metrics.Get("streams.no_such_stream", "p99"));
    }
}
