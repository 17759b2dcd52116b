using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using static MonitorSim.Load.Tests.TinyCity;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>
/// The engine in real time against a fake tree, in short runs (≤ 3 s). Schedules end well before the run does, so the
/// counts below are exact whatever the machine's load; no assertion is about how fast anything ran.
/// </summary>
public sealed class LoadEngineTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static ScenarioDefinition Scenario(TimeSpan duration, params StreamDefinition[] streams) =>
        ScenarioDefinition.Default("engine_test") with
        {
            Duration = duration,
            WarmUp = TimeSpan.Zero,
            ReportInterval = S(0.5),
            CompletionTimeout = S(1.5),
            Topology = Tiny,
            Streams = streams,
            // Cameras re-send unanswered alarms (UnansweredAlarmsTests); these tests count first sends only.
            Monitoring = MonitoringSpec.Default with { AlarmRetransmit = TimeSpan.Zero },
        };

    /// <summary><paramref name="perSecond"/> evenly spaced operations a second (a plain wall rate) for <paramref name="during"/>.</summary>
    private static StreamDefinition Inject(string name, OperationKind kind, double perSecond, TimeSpan during, Arrivals arrivals = Arrivals.Uniform) =>
        new(name, kind, [], [new InjectStep(perSecond, Second, during, null, arrivals)]);

    private static StreamDefinition Keepalives(TimeSpan every, TimeSpan during) =>
        new("keepalive", OperationKind.Keepalive, [], [new PeriodicStep(every, Population.Camera, during)]);

    /// <summary>Every kind of operation, all arrivals inside the first 1.5 s (plus the built-in boot stream).</summary>
    private static StreamDefinition[] EveryKind() =>
    [
        Keepalives(S(0.25), S(1.5)),
        Inject("alarm", OperationKind.Alarm, 40, S(1.5), Arrivals.Poisson),
        Inject("service_flow", OperationKind.ServiceFlow, 20, S(1.5)),
    ];

    /// <summary>How many arrivals each stream of <paramref name="s"/> schedules (the engine plans the same way).</summary>
    private static Dictionary<string, int> Scheduled(ScenarioDefinition s) =>
        LoadPlanner.Plan(s, City).ToDictionary(p => p.Name, p => Arrival.Drain(p).Count);

    private static async Task<(LoadOutcome Outcome, FakeMonitoringTree Tree, LoadEngine Engine)> Run(
        ScenarioDefinition s, Func<IOperationObserver, FakeMonitoringTree> fake, int maxInFlightPerStream = 200_000,
        Action<FakeMonitoringTree>? configure = null, TimeSpan? tick = null)
    {
        var engine = new LoadEngine(s, City) { Generator = new GeneratorSettings { MaxInFlightPerStream = maxInFlightPerStream, Tick = tick ?? new GeneratorSettings().Tick } };
        FakeMonitoringTree? tree = null;
        var outcome = await engine.RunAsync(
            observer =>
            {
                tree = fake(observer);
                configure?.Invoke(tree);
                return tree;
            },
            _ => Task.FromResult(TreeStatus.Unknown),
            _ => "no fault");
        tree!.Dispose();
        return (outcome, tree, engine);
    }

    private static OperationCounts Line(LoadOutcome o, string stream) => Assert.Single(o.Workload, w => w.Name == stream).Counts;

    [Fact]
    public async Task Every_operation_offered_to_an_immediately_answering_tree_is_answered_and_none_is_dropped()
    {
        var s = Scenario(S(2), EveryKind());
        var scheduled = Scheduled(s);

        var (o, tree, _) = await Run(s, FakeMonitoringTree.Immediate);

        Assert.Equal(scheduled.Values.Sum(), o.Operations.Offered);
        Assert.Equal(o.Operations.Offered, o.Operations.Completed);
        Assert.Equal(new OperationCounts(o.Operations.Offered, o.Operations.Offered, 0, 0, 0), o.Operations);
        Assert.Equal(o.Operations.Offered, tree.Calls.Count);
        Assert.Equal(["alarm", "keepalive", "registration", "service_flow"], o.PerOperation.Keys.Order());
        foreach (var line in o.Workload)
        {
            Assert.Equal(scheduled[line.Name], line.Counts.Offered);
            Assert.Equal(line.Counts.Offered, line.Counts.Completed);
            Assert.Equal(0, line.Counts.Dropped);
        }
        Assert.Equal(60, Line(o, "keepalive").Offered); // 30 cameras × 2 periods between boot (1 s) and 1.5 s
        Assert.Equal(30, Line(o, LoadPlanner.BootStream).Offered);
        Assert.Equal(o.Operations.Offered, o.Timeline.Sum(r => r.Offered));
        Assert.Equal(o.Operations.Offered, o.Timeline.Sum(r => r.Completed));
        Assert.Empty(o.Failures);
        // Every interval carries the process's working set then (memory over a soak), and it is this process's.
        Assert.All(o.Timeline, r => Assert.InRange(r.WorkingSetMb!.Value, 1, Environment.WorkingSet / 1048576.0 * 4));
    }

    [Fact]
    public async Task Response_time_is_at_least_service_time_for_every_operation_kind()
    {
        var s = Scenario(S(2), EveryKind());

        var (o, tree, _) = await Run(s, observer => FakeMonitoringTree.Delayed(observer, TimeSpan.FromMilliseconds(20)));

        Assert.All(tree.Calls, c => Assert.True(c.Ticket.Intended <= c.Ticket.Started, "an operation started before its intended time"));
        Assert.Equal(["alarm", "keepalive", "registration", "service_flow"], o.PerOperation.Keys.Order());
        foreach (var name in o.PerOperation.Keys)
        {
            var response = o.Latency[name];
            var service = o.ServiceTime[name];
            // Every completed operation is one sample, whichever thread answered it.
            Assert.Equal(o.PerOperation[name].Completed, response.Count);
            Assert.Equal(o.PerOperation[name].Completed, service.Count);
            Assert.True(response.Mean >= service.Mean, $"{name}: mean {response.Mean} < {service.Mean}");
            Assert.True(response.P50 >= service.P50, $"{name}: p50 {response.P50} < {service.P50}");
            Assert.True(response.P90 >= service.P90, $"{name}: p90 {response.P90} < {service.P90}");
            Assert.True(response.P99 >= service.P99, $"{name}: p99 {response.P99} < {service.P99}");
            Assert.True(response.Max >= service.Max, $"{name}: max {response.Max} < {service.Max}");
            // Service time covers the tree's 20 ms answer delay (a lower bound, whatever the machine's speed).
            Assert.True(service.P50 >= 15, $"{name}: service p50 {service.P50} ms misses the 20 ms answer delay");
        }
    }

    [Fact]
    public async Task Keepalives_refused_as_not_registered_make_the_cameras_re_register_on_the_reregistration_stream()
    {
        var s = Scenario(S(3), Keepalives(S(0.25), S(2))) with
        {
            // 200 ms (wall, at compression 1), so every refused camera re-registers well before the run ends at 3 s.
            Monitoring = MonitoringSpec.Default with { ReregisterJitter = TimeSpan.FromMilliseconds(200) },
        };
        var jitter = LoadPlanner.Ticks(TimeSpan.FromMilliseconds(200));

        var (o, tree, engine) = await Run(s, FakeMonitoringTree.Immediate, configure: t => t.Decide = (kind, _) =>
            kind == OperationKind.Keepalive ? (OpStatus.Rejected, "not_registered") : (OpStatus.Ok, null));

        const int keepalives = 30 * 4; // 30 cameras, every 250 ms from boot (1 s) to 2 s
        Assert.Equal(new OperationCounts(keepalives, 0, keepalives, 0, 0), o.PerOperation["keepalive"]);
        Assert.Equal(keepalives, o.Failures["keepalive:not_registered"]);

        var reregistrationStream = engine.Plans.ToList().FindIndex(p => p.Name == LoadPlanner.ReregisterStream);
        var reregistrations = tree.Calls.Where(c => c.Ticket.Stream == reregistrationStream).ToList();
        Assert.All(reregistrations, c => Assert.Equal(OperationKind.Registration, c.Kind));
        Assert.Equal(reregistrations.Count, Line(o, LoadPlanner.ReregisterStream).Offered);
        Assert.Equal(reregistrations.Count, Line(o, LoadPlanner.ReregisterStream).Completed);
        Assert.Equal(30 + keepalives, o.PerOperation["registration"].Completed);

        // One re-registration per refusal, by the refused camera, within the jitter after the refusal reached it.
        var refusals = tree.Answers.Where(a => a.Kind == OperationKind.Keepalive).ToList();
        Assert.Equal(keepalives, refusals.Count);
        foreach (var camera in refusals.GroupBy(r => r.Ticket.Subject))
        {
            var refused = camera.Select(r => r.Completed).Order().ToList();
            var registered = reregistrations.Where(c => c.Ticket.Subject == camera.Key).Select(c => c.Ticket.Intended).Order().ToList();
            Assert.Equal(refused.Count, registered.Count);
            foreach (var (at, reregisterAt) in refused.Zip(registered))
                Assert.InRange(reregisterAt, at, at + jitter);
        }
    }

    [Fact]
    public async Task Operations_a_tree_never_answers_time_out_after_the_completion_timeout_and_count_as_failed()
    {
        var s = Scenario(S(1), Inject("alarm", OperationKind.Alarm, 20, S(0.5))) with { CompletionTimeout = S(0.3) };

        var (o, _, _) = await Run(s, FakeMonitoringTree.Silent);

        Assert.Equal(new OperationCounts(10, 0, 10, 0, 10), o.PerOperation["alarm"]);
        Assert.Equal(new OperationCounts(30, 0, 30, 0, 30), o.PerOperation["registration"]); // boot
        Assert.Equal(40, o.Operations.TimedOut);
        Assert.Equal(40, o.Operations.Failed);
        Assert.Equal(10, o.Failures["alarm:timed_out"]);
        Assert.Equal(30, o.Failures["registration:timed_out"]);
        Assert.Equal(0, o.Operations.Completed);
    }

    [Fact]
    public async Task Operations_still_in_flight_when_the_run_ends_are_awaited_up_to_the_completion_timeout()
    {
        // The last alarms (intended up to 0.95 s) are answered 150 ms later, after the 1 s run has ended.
        var s = Scenario(S(1), Inject("alarm", OperationKind.Alarm, 20, S(1))) with { CompletionTimeout = S(2) };

        var (o, tree, _) = await Run(s, observer => FakeMonitoringTree.Delayed(observer, TimeSpan.FromMilliseconds(150)));

        Assert.Equal(new OperationCounts(20, 20, 0, 0, 0), o.PerOperation["alarm"]);
        Assert.Equal(0, o.Operations.TimedOut);
        Assert.Equal(tree.Calls.Count, tree.Answers.Count);
        Assert.Equal(o.Operations.Completed, o.Timeline.Sum(r => r.Completed));
    }

    [Fact]
    public async Task Operations_beyond_the_in_flight_cap_are_counted_as_dropped_not_skipped_silently()
    {
        var s = Scenario(S(1), Inject("alarm", OperationKind.Alarm, 50, S(0.8))) with { CompletionTimeout = S(0.2) };

        var (o, tree, _) = await Run(s, FakeMonitoringTree.Silent, maxInFlightPerStream: 5);

        // 40 alarms scheduled: 5 start (and time out), 35 are dropped. Boot: 30 registrations, 5 start, 25 dropped.
        Assert.Equal((5, 35), (Line(o, "alarm").Offered, Line(o, "alarm").Dropped));
        Assert.Equal((5, 25), (Line(o, LoadPlanner.BootStream).Offered, Line(o, LoadPlanner.BootStream).Dropped));
        Assert.Equal(new OperationCounts(5, 0, 5, 35, 5), o.PerOperation["alarm"]);
        Assert.Equal(new OperationCounts(5, 0, 5, 25, 5), o.PerOperation["registration"]);
        Assert.Equal(60, o.Operations.Dropped);
        Assert.Equal(60, o.Timeline.Sum(r => r.Dropped));
        Assert.Equal(10, tree.Calls.Count);
    }

    [Fact]
    public async Task A_streams_workload_line_counts_its_timed_out_operations_as_failed()
    {
        var s = Scenario(S(1), Inject("alarm", OperationKind.Alarm, 20, S(0.5))) with { CompletionTimeout = S(0.2) };

        var (o, _, _) = await Run(s, FakeMonitoringTree.Silent);

        Assert.Equal(o.PerOperation["alarm"].Failed, Line(o, "alarm").Failed);
        Assert.All(o.Workload, w => Assert.Equal(w.Counts.Offered, w.Counts.Completed + w.Counts.Failed));
    }

    [Fact]
    public async Task A_longer_generator_tick_issues_the_load_in_bursts_and_counts_their_wait_as_lag()
    {
        // 500 alarms a second, one every 2 ms, for 1 s. With a 20 ms tick the generator sleeps 20 ms whenever nothing is
        // due and then issues what fell due meanwhile: an alarm waits 10 ms on average for its burst, and that wait is in
        // the lag (and so in every latency), never hidden. Every alarm is still issued.
        var s = Scenario(S(2), Inject("alarm", OperationKind.Alarm, 500, S(1)));

        var (o, _, _) = await Run(s, FakeMonitoringTree.Immediate, tick: TimeSpan.FromMilliseconds(20));

        Assert.Equal(500, o.PerOperation["alarm"].Completed);
        Assert.True(o.GeneratorLag.P50 >= 5, $"lag p50 {o.GeneratorLag.P50} ms: the bursts' wait is not counted");
    }

    [Fact]
    public async Task With_a_longer_tick_every_burst_is_timed_from_the_wake_to_its_last_answer_and_a_smooth_run_times_none()
    {
        // 500 alarms a second for 1 s in 20-ms bursts, answered after about 5 ms: every burst the measured window saw took
        // at least one answer's wait to work off (its wake comes before its calls, its last answer after one of them), and
        // the bursts hold the alarms between them. The bound is the shortest wait the tree itself timed, not the 5 ms asked
        // for: a timer fires up to a millisecond or so early on a busy machine.
        var s = Scenario(S(2), Inject("alarm", OperationKind.Alarm, 500, S(1)));

        var (_, delayed, bursty) = await Run(s, o => FakeMonitoringTree.Delayed(o, TimeSpan.FromMilliseconds(5)), tick: TimeSpan.FromMilliseconds(20));
        var (_, _, smooth) = await Run(s, FakeMonitoringTree.Immediate);

        var bursts = bursty.MeasuredBursts();
        var shortestWait = delayed.WaitsSeconds.Min();
        Assert.True(shortestWait > 0.001, $"the tree answered after {shortestWait * 1000:0.0} ms, not after a delay");
        Assert.InRange(bursts.Count, 10, 60);
        Assert.All(bursts, b => Assert.True(b.Operations > 0 && b.DrainSeconds >= shortestWait,
            $"{b.Operations} operations in {b.DrainSeconds * 1000:0.00} ms, shorter than the shortest answer's wait {shortestWait * 1000:0.00} ms"));
        Assert.InRange(bursts.Sum(b => b.Operations), 400, 560);
        Assert.Empty(smooth.MeasuredBursts());
    }

    [Fact]
    public async Task Operations_intended_during_the_warm_up_are_excluded_from_the_totals()
    {
        // 150 alarms at 0.00, 0.01 … 1.49 s: the first 100 fall in the 1 s warm-up, and so does the boot (30 in the first second).
        var s = Scenario(S(2), Inject("alarm", OperationKind.Alarm, 100, S(1.5))) with { WarmUp = S(1) };

        var (o, tree, _) = await Run(s, FakeMonitoringTree.Immediate);

        Assert.Equal(180, tree.Calls.Count);
        Assert.Equal(new OperationCounts(50, 50, 0, 0, 0), o.Operations);
        Assert.Equal(["alarm"], o.PerOperation.Keys);
        Assert.Equal(50, o.Latency["alarm"].Count);
        Assert.Equal(50, o.ServiceTime["alarm"].Count);
        Assert.Equal(50, o.GeneratorLag.Count);
        Assert.Equal(50, Line(o, "alarm").Offered);
        Assert.Equal(0, Line(o, LoadPlanner.BootStream).Offered);
        Assert.Equal(50 / 1.0, o.ThroughputOps); // completed over the measured second
        // The timeline shows the warm-up too.
        Assert.Equal(180, o.Timeline.Sum(r => r.Offered));
        Assert.Equal(180, o.Timeline.Sum(r => r.Completed));
    }

    [Fact]
    public async Task The_timeline_marks_its_warm_up_rows_and_accounts_for_every_operation_warm_up_included()
    {
        // 200 alarms at 0.00 … 1.99 s, 150 of them in the 1.5 s warm-up; boot: 30 registrations in the first second.
        var s = Scenario(S(2.5), Inject("alarm", OperationKind.Alarm, 100, S(2))) with
        {
            WarmUp = S(1.5),
            ReportInterval = TimeSpan.FromMilliseconds(300),
        };

        var (o, _, _) = await Run(s, FakeMonitoringTree.Immediate);

        Assert.NotEmpty(o.Timeline);
        Assert.Equal(o.Timeline.Select(r => r.TS).Order(), o.Timeline.Select(r => r.TS));
        Assert.All(o.Timeline, r => Assert.Equal(r.TS <= 1.5, r.WarmUp));
        Assert.True(o.Timeline[0].WarmUp);
        Assert.False(o.Timeline[^1].WarmUp);
        Assert.Equal(o.Timeline.TakeWhile(r => r.WarmUp).Count(), o.Timeline.Count(r => r.WarmUp)); // warm-up rows come first
        Assert.Equal(230, o.Timeline.Sum(r => r.Offered));
        Assert.Equal(230, o.Timeline.Sum(r => r.Completed));
        Assert.Equal(200, o.Timeline.Sum(r => r.PerOperation.TryGetValue("alarm", out var a) ? a.Completed : 0));
        Assert.Equal(30, o.Timeline.Sum(r => r.PerOperation.TryGetValue("registration", out var a) ? a.Completed : 0));
        Assert.Equal(50, o.Operations.Completed);
    }

    [Fact]
    public async Task The_timeline_has_one_row_per_report_interval()
    {
        var s = Scenario(S(2), Inject("alarm", OperationKind.Alarm, 100, S(1.5))) with
        {
            WarmUp = S(1),
            ReportInterval = TimeSpan.FromMilliseconds(400),
        };

        var (o, _, _) = await Run(s, FakeMonitoringTree.Immediate);

        // 2 s / 400 ms = 5 rows when the reporter is on time; a reporter the machine delays covers the longer interval in
        // one row, so there are never more rows, never a catch-up row a few ms long, and the last row closes the run.
        var rows = string.Join("\n", o.Timeline.Select(r => $"t={r.TS} interval={r.IntervalS} warm={r.WarmUp} offered={r.Offered}"));
        Assert.True(o.Timeline.Count is >= 1 and <= 5, rows);
        Assert.All(o.Timeline, r => Assert.True(r.IntervalS >= 0.2, rows)); // a row after a late one ends on the grid, ≥ half an interval on
        Assert.True(o.Timeline[^1].TS >= 2.0, rows);
        // The rows tile the run: their intervals add up to its end, within the rounding of each row's figures to 1 ms
        // (a tolerance, not Assert.Equal's decimal rounding: 2.004 and 2.005 round apart although they differ by 1 ms).
        Assert.InRange(o.Timeline.Sum(r => r.IntervalS), o.Timeline[^1].TS - 0.001 * o.Timeline.Count, o.Timeline[^1].TS + 0.001 * o.Timeline.Count);
    }

    [Fact]
    public async Task Arrivals_still_due_when_the_run_ends_are_issued_or_counted_as_dropped_never_skipped_silently()
    {
        // Each call costs the generator 5 ms, so it can issue about 200 of the 400 alarms scheduled in the 1 s run and
        // falls behind; whatever it has not issued by the end must still show up as offered or dropped.
        var s = Scenario(S(1), Inject("alarm", OperationKind.Alarm, 400, S(1))) with { CompletionTimeout = S(0.5) };

        var (o, _, _) = await Run(s, FakeMonitoringTree.Immediate, configure: t => t.CallCost = TimeSpan.FromMilliseconds(5));

        var alarm = Line(o, "alarm");
        Assert.Equal(400, alarm.Offered + alarm.Dropped);
        Assert.Equal(30, Line(o, LoadPlanner.BootStream).Offered + Line(o, LoadPlanner.BootStream).Dropped);
    }

    [Fact]
    public async Task Failures_by_reason_add_up_to_the_failed_count_when_operations_of_the_warm_up_time_out()
    {
        // 20 alarms at 0.00 … 0.95 s, 10 of them in the 0.5 s warm-up; boot: 30 registrations over the first second, half in it.
        var s = Scenario(S(1), Inject("alarm", OperationKind.Alarm, 20, S(1))) with { WarmUp = S(0.5), CompletionTimeout = S(0.2) };
        var warmEnd = LoadPlanner.Ticks(s.WarmUp);
        var bootMeasured = Arrival.Drain(Assert.Single(LoadPlanner.Plan(s, City), p => p.Name == LoadPlanner.BootStream)).Count(a => a.At >= warmEnd);

        var (o, _, _) = await Run(s, FakeMonitoringTree.Silent);

        Assert.Equal(new OperationCounts(10, 0, 10, 0, 10), o.PerOperation["alarm"]);
        Assert.Equal(new OperationCounts(bootMeasured, 0, bootMeasured, 0, bootMeasured), o.PerOperation["registration"]);
        Assert.Equal(o.Operations.Failed, o.Failures.Values.Sum());
        Assert.Equal(10, o.Failures["alarm:timed_out"]);
        Assert.Equal(bootMeasured, o.Failures["registration:timed_out"]);
    }
}
