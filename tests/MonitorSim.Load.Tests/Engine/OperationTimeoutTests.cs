using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using static MonitorSim.Load.Tests.TinyCity;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>
/// Every operation is counted: one unanswered by its stream's timeout fails as timed out and is recorded in response and
/// service time at the moment it was given up (as wrk2 and k6 record theirs), its late answer is ignored, and one still
/// unanswered when the run ends is recorded the same way at its time then. Short real-time runs against a fake tree.
/// </summary>
public sealed class OperationTimeoutTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>HdrHistogram with 3 significant digits: within 0.1 % (plus rounding to the 1 µs unit).</summary>
    private static void Near(double expectedMs, double actualMs) =>
        Assert.InRange(actualMs, expectedMs * 0.999 - 0.001, expectedMs * 1.001 + 0.001);

    /// <summary>Ten alarms at 0.00, 0.05 … 0.45 s with a 200 ms timeout, in a 1.5 s run (boot: 30 registrations).</summary>
    private static ScenarioDefinition Scenario(StreamDefinition? stream = null) =>
        ScenarioDefinition.Default("timeouts") with
        {
            Duration = S(1.5),
            WarmUp = TimeSpan.Zero,
            ReportInterval = S(0.5),
            CompletionTimeout = S(1),
            Topology = Tiny,
            Streams = [stream ?? Alarms(Ms(200))],
            Monitoring = MonitoringSpec.Default with { AlarmRetransmit = TimeSpan.Zero },
        };

    private static StreamDefinition Alarms(TimeSpan timeout, OperationKind? then = null) =>
        new("alarm", OperationKind.Alarm, [], [new InjectStep(20, S(1), S(0.5), null, Arrivals.Uniform)], Then: then, Timeout: timeout);

    private static async Task<(LoadOutcome Outcome, FakeMonitoringTree Tree)> Run(ScenarioDefinition s,
        Func<IOperationObserver, FakeMonitoringTree> fake, Action<FakeMonitoringTree>? configure = null)
    {
        FakeMonitoringTree? tree = null;
        var outcome = await new LoadEngine(s, City).RunAsync(
            observer =>
            {
                tree = fake(observer);
                configure?.Invoke(tree);
                return tree;
            },
            _ => Task.FromResult(TreeStatus.Unknown),
            _ => "no fault");
        tree!.Dispose();
        return (outcome, tree);
    }

    [Fact]
    public async Task A_stream_that_waits_at_its_in_flight_cap_for_a_tree_that_never_answers_still_times_out_and_the_run_ends()
    {
        // A replayed log's rule: at the cap the generator waits for a slot rather than drop. One slot, and nothing answers.
        var s = Scenario();
        var plans = LoadPlanner.Plan(s, City).Select(p => p.Name == "alarm" ? p with { InFlight = new InFlightRules(1, WaitWhenFull: true, Timeout: Ms(200)) } : p).ToList();
        FakeMonitoringTree? tree = null;

        var outcome = await new LoadEngine(s, City, plans).RunAsync(o => tree = FakeMonitoringTree.Silent(o), _ => Task.FromResult(TreeStatus.Unknown), _ => "no fault")
            .WaitAsync(TimeSpan.FromMinutes(1)); // a generator waiting for good never ends the run: this fails it instead

        tree!.Dispose();
        var alarms = Assert.Single(outcome.Workload, w => w.Name == "alarm").Counts;
        Assert.Equal((10L, 0L, 10L), (alarms.Offered, alarms.Dropped, alarms.TimedOut));
        Assert.Equal(10, outcome.Failures["alarm:timed_out"]);
    }

    [Fact]
    public async Task An_operation_unanswered_by_its_timeout_fails_as_timed_out_during_the_run_and_is_recorded_at_its_timeout()
    {
        var (o, _) = await Run(Scenario(), FakeMonitoringTree.Silent);

        Assert.Equal(new OperationCounts(10, 0, 10, 0, 10), o.PerOperation["alarm"]);
        Assert.Equal(10, o.Failures["alarm:timed_out"]);
        // In the histograms, at the moment they were given up: service time is the timeout itself, response time at least.
        var service = o.ServiceTime["alarm"];
        Assert.Equal(10, service.Count);
        Near(200, service.P50);
        Near(200, service.Max);
        Assert.Equal(10, o.Latency["alarm"].Count);
        Assert.True(o.Latency["alarm"].P50 >= service.P50, $"response p50 {o.Latency["alarm"].P50} ms < service p50 {service.P50} ms");
        // Counted while the run went on (the last alarm's timeout fell at 0.65 s), not only at its end (the tail row comes
        // after the 1 s completion timeout the unanswered boot registrations wait out).
        Assert.Equal(10, o.Timeline.Where(r => r.TS < 2).Sum(r => r.PerOperation.TryGetValue("alarm", out var a) ? a.Failed : 0));
    }

    [Fact]
    public async Task Operations_unanswered_when_the_run_ends_are_recorded_at_their_time_then()
    {
        // The 30 boot registrations keep the default 60 s timeout: still unanswered after the run (1.5 s) and its
        // completion timeout (1 s), each is recorded at about 2.5 s less its start (in the first second).
        var (o, _) = await Run(Scenario(), FakeMonitoringTree.Silent);

        Assert.Equal(new OperationCounts(30, 0, 30, 0, 30), o.PerOperation["registration"]);
        Assert.Equal(30, o.Failures["registration:timed_out"]);
        Assert.Equal(30, o.ServiceTime["registration"].Count);
        Assert.Equal(30, o.Latency["registration"].Count);
        Assert.True(o.ServiceTime["registration"].P50 > 1400, $"service p50 {o.ServiceTime["registration"].P50} ms");
        Assert.Equal(40, o.Operations.TimedOut);
        Assert.Equal(o.Operations.Failed, o.Failures.Values.Sum());
    }

    [Fact]
    public async Task An_answer_after_the_timeout_is_ignored_and_the_operation_counts_as_timed_out_at_its_timeout()
    {
        // Every answer comes 300 ms after the call: the alarms' 100 ms timeout has passed, the registrations' 60 s has not.
        var (o, tree) = await Run(Scenario(Alarms(Ms(100))), observer => FakeMonitoringTree.Delayed(observer, Ms(300)));

        Assert.Equal(40, tree.Answers.Count);
        Assert.Equal(new OperationCounts(10, 0, 10, 0, 10), o.PerOperation["alarm"]);
        Near(100, o.ServiceTime["alarm"].Max);
        Assert.Equal(new OperationCounts(30, 30, 0, 0, 0), o.PerOperation["registration"]);
        // Answered after the fake's 300 ms (its timer may fire a millisecond early), not cut short at any timeout.
        Assert.True(o.ServiceTime["registration"].P50 > 290, $"registration p50 {o.ServiceTime["registration"].P50} ms");
    }

    [Fact]
    public async Task A_composite_whose_second_step_is_never_answered_times_out_as_a_whole_and_at_that_step()
    {
        var (o, _) = await Run(Scenario(Alarms(Ms(200), OperationKind.AlarmQuery) with { Name = "alarm_checked" }),
            FakeMonitoringTree.Immediate, t => t.Answering = kind => kind != OperationKind.AlarmQuery);

        Assert.Equal(new OperationCounts(10, 0, 10, 0, 10), o.PerOperation["alarm_checked"]);
        Assert.Equal(new OperationCounts(10, 10, 0, 0, 0), o.PerOperation["alarm_checked.alarm"]);
        Assert.Equal(new OperationCounts(10, 0, 10, 0, 10), o.PerOperation["alarm_checked.alarm_query"]);
        Assert.Equal(10, o.Failures["alarm_checked:alarm_query.timed_out"]);
        // The whole from its start, the step from when it began (at once after the alarm's immediate answer).
        Near(200, o.ServiceTime["alarm_checked"].Max);
        Assert.Equal(10, o.Latency["alarm_checked.alarm_query"].Count);
        Assert.True(o.ServiceTime["alarm_checked.alarm_query"].Max <= 200 * 1.001, $"{o.ServiceTime["alarm_checked.alarm_query"].Max} ms");
    }

    [Fact]
    public async Task A_closed_model_copy_whose_operation_times_out_is_free_again()
    {
        // One copy against a target that stalls silently from 0.4 s to 0.8 s of every 0.8 s: the copy's operation sent
        // into a stall is never answered, and only its 100 ms timeout frees the copy for the next.
        var stall = new StallTarget(S(0.8), S(0.4), TimeSpan.Zero, Silent: true);
        var s = ScenarioDefinition.Default("closed_timeouts") with
        {
            Duration = S(2),
            WarmUp = TimeSpan.Zero,
            ReportInterval = S(0.5),
            CompletionTimeout = S(1),
            Streams = [StreamDefinition.ForTarget("stall", stall, [new KeepConstantStep(1, S(2))]) with { Timeout = Ms(100) }],
        };

        var o = await new LoadEngine(s, City).RunAsync(_ => throw new InvalidOperationException("no tree"),
            _ => Task.FromResult(TreeStatus.Unknown), _ => "no fault");

        var counts = o.PerOperation["stall"];
        // Stalls at 0.4–0.8 s, 1.2–1.6 s and from 2.0 s: about 4 timeouts in each whole one (100 ms apart), never none.
        Assert.InRange(counts.TimedOut, 2, 9);
        Assert.Equal(counts.TimedOut, counts.Failed);
        Assert.Equal(counts.Offered, counts.Completed + counts.Failed);
        Assert.True(counts.Completed > 100, $"{counts.Completed} completed: the copy did not go on after its timeouts");
    }
}
