using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using static MonitorSim.Load.Tests.TinyCity;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>
/// Load generation spread over several nodes (<see cref="LoadShare"/>): a coordinator's engine and a worker's engine,
/// in one process, each against its own fake tree, the worker's reports handed straight to the coordinator. Short real-time
/// runs whose schedules end well before the run does, so counts are exact whatever the machine's load.
/// </summary>
public sealed class SharedLoadTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <param name="scheduleEnd">When every stream stops arriving; the run lasts 0.7 s longer.</param>
    private static ScenarioDefinition Scenario(double scheduleEnd = 1.8) =>
        ScenarioDefinition.Default("shared_load") with
        {
            Duration = S(scheduleEnd + 0.7),
            WarmUp = S(0.5),
            ReportInterval = S(0.5),
            CompletionTimeout = S(1.5),
            Topology = Tiny,
            Monitoring = MonitoringSpec.Default with { AlarmRetransmit = TimeSpan.Zero },
            Streams =
            [
                new StreamDefinition("keepalive", OperationKind.Keepalive, [], [new PeriodicStep(S(0.2), Population.Camera, S(scheduleEnd))]),
                new StreamDefinition("alarm", OperationKind.Alarm, [], [new InjectStep(60, S(1), S(scheduleEnd), null, Arrivals.Poisson)]),
                new StreamDefinition("service_flow", OperationKind.ServiceFlow, [], [new InjectStep(30, S(1), S(scheduleEnd), null, Arrivals.Uniform)]),
            ],
        };

    /// <summary>What was asked of a tree: stream, kind and subject (camera, or point for service flow) of every call.</summary>
    private static List<string> Subjects(FakeMonitoringTree tree) =>
        tree.Calls.Select(c => $"{c.Ticket.Stream}/{c.Kind}/{c.Ticket.Subject}").Order().ToList();

    private static int PlatformOf((OperationKind Kind, OpTicket Ticket) call) =>
        (call.Kind == OperationKind.ServiceFlow
            ? City.PlatformOf(new PointId(call.Ticket.Subject))
            : City.PlatformOf(new CameraId(call.Ticket.Subject))).Value;

    private static Task<TreeStatus> NoProbe(CancellationToken _) => Task.FromResult(TreeStatus.Unknown);

    [Fact]
    public async Task Two_generators_sharing_the_platforms_offer_together_exactly_what_one_generator_offers_and_the_coordinator_reports_it_all()
    {
        var s = Scenario();
        FakeMonitoringTree? alone = null;
        var one = new LoadEngine(s, City);
        var single = await one.RunAsync(o => alone = FakeMonitoringTree.Immediate(o), NoProbe, _ => "");

        var coordinator = new LoadEngine(s, City) { Share = LoadShare.Coordinator(City.Platforms.Count, [0]) };
        var worker = new LoadEngine(s, City) { Share = LoadShare.Worker(City.Platforms.Count, [1, 2]) };
        coordinator.AddRemote("worker", [1, 2]);
        FakeMonitoringTree? own = null, theirs = null;
        var startAt = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
        var working = worker.RunShareAsync(o => theirs = FakeMonitoringTree.Immediate(o), startAt, "worker", coordinator.Absorb, CancellationToken.None);
        var shared = await coordinator.RunAsync(o => own = FakeMonitoringTree.Immediate(o), NoProbe, _ => "", startAt: startAt);
        await working;

        Assert.Equal(Subjects(alone!), Subjects(own!).Concat(Subjects(theirs!)).Order().ToList());
        // Each engine disposed the port it built once its run was over (a cluster port's route keeper goes with it).
        Assert.True(alone!.Disposed && own!.Disposed && theirs!.Disposed, "an engine left the port it built undisposed");
        Assert.All(own!.Calls, c => Assert.Equal(0, PlatformOf(c)));
        Assert.All(theirs!.Calls, c => Assert.Contains(PlatformOf(c), new[] { 1, 2 }));
        Assert.NotEmpty(theirs.Calls);
        // Everything the worker measured is in the coordinator's figures, as if it had measured it itself.
        foreach (var line in single.Workload)
            Assert.Equal(line.Counts, Assert.Single(shared.Workload, w => w.Name == line.Name).Counts);
        Assert.Equal(single.Operations, shared.Operations);
        foreach (var (op, stats) in single.Latency) Assert.Equal(stats.Count, shared.Latency[op].Count);
        Assert.Equal(single.GeneratorLag.Count, shared.GeneratorLag.Count);
        Assert.Equal(single.Timeline.Sum(r => r.Offered), shared.Timeline.Sum(r => r.Offered));
        Assert.Equal(one.AcknowledgedAlarms.Select(a => a.Camera).Order(), coordinator.AcknowledgedAlarms.Select(a => a.Camera).Order());
    }

    [Fact]
    public async Task Each_streams_own_figures_measured_on_a_worker_reach_the_coordinator_as_if_measured_there()
    {
        var s = Scenario();
        // Alarms about even cameras are refused, on every node alike (all nodes draw the same subjects).
        static FakeMonitoringTree Tree(IOperationObserver o)
        {
            var tree = FakeMonitoringTree.Immediate(o);
            tree.Decide = (kind, t) => kind == OperationKind.Alarm && t.Subject % 2 == 0 ? (OpStatus.Rejected, "even") : (OpStatus.Ok, null);
            return tree;
        }
        var single = await new LoadEngine(s, City).RunAsync(Tree, NoProbe, _ => "");

        var coordinator = new LoadEngine(s, City) { Share = LoadShare.Coordinator(City.Platforms.Count, [0]) };
        var worker = new LoadEngine(s, City) { Share = LoadShare.Worker(City.Platforms.Count, [1, 2]) };
        coordinator.AddRemote("worker", [1, 2]);
        var startAt = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
        var working = worker.RunShareAsync(Tree, startAt, "worker", coordinator.Absorb, CancellationToken.None);
        var shared = await coordinator.RunAsync(Tree, NoProbe, _ => "", startAt: startAt);
        await working;

        Assert.True(single.Failures["alarm:even"] > 0);
        foreach (var line in single.Workload)
        {
            var merged = Assert.Single(shared.Workload, w => w.Name == line.Name);
            Assert.Equal(line.Counts, merged.Counts);
            Assert.Equal(line.Latency!.Count, merged.Latency!.Count);
            Assert.Equal(line.ServiceTime!.Count, merged.ServiceTime!.Count);
            Assert.Equal(line.Failures, merged.Failures);
        }
        Assert.Equal(single.Failures, shared.Failures);
    }

    [Fact]
    public async Task A_latency_listener_hears_each_generators_samples_under_its_node_number_once_each()
    {
        var s = Scenario();
        var listener = new CountingListener();
        var coordinator = new LoadEngine(s, City) { Share = LoadShare.Coordinator(City.Platforms.Count, [0]), LatencyListener = listener };
        var worker = new LoadEngine(s, City) { Share = LoadShare.Worker(City.Platforms.Count, [1, 2]) };
        coordinator.AddRemote("worker", [1, 2], number: 2);
        FakeMonitoringTree? own = null, theirs = null;
        var startAt = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
        var working = worker.RunShareAsync(o => theirs = FakeMonitoringTree.Immediate(o), startAt, "worker", coordinator.Absorb, CancellationToken.None);
        var shared = await coordinator.RunAsync(o => own = FakeMonitoringTree.Immediate(o), NoProbe, _ => "", startAt: startAt);
        await working;

        // Every call is answered at once, so each node's response samples of an operation are its calls of that kind.
        foreach (var (kind, op) in new[] { (OperationKind.Keepalive, "keepalive"), (OperationKind.Alarm, "alarm") })
        {
            Assert.Equal(own!.Calls.Count(c => c.Kind == kind), listener.Count(LatencySeries.Response, op, LoadEngine.CoordinatorNode));
            Assert.Equal(theirs!.Calls.Count(c => c.Kind == kind), listener.Count(LatencySeries.Response, op, 2));
            Assert.Equal(listener.Count(LatencySeries.Response, op, 2), listener.Count(LatencySeries.Service, op, 2));
            // Both nodes' samples, warm-up included, are every answer the timeline counted.
            Assert.Equal(shared.Timeline.Sum(r => r.PerOperation.TryGetValue(op, out var x) ? x.Completed + x.Failed : 0),
                listener.Count(LatencySeries.Response, op, 1) + listener.Count(LatencySeries.Response, op, 2));
        }
        Assert.Equal([1, 2], listener.Nodes(LatencySeries.GeneratorLag, ""));
    }

    /// <summary>Counts the samples heard per series, key and node.</summary>
    private sealed class CountingListener : ILatencyListener
    {
        private readonly Dictionary<(LatencySeries, string, int), long> _counts = [];

        public void Samples(LatencySeries series, string key, int node, HdrHistogram.HistogramBase samples)
        {
            lock (_counts) _counts[(series, key, node)] = _counts.GetValueOrDefault((series, key, node)) + samples.TotalCount;
        }

        public long Count(LatencySeries series, string key, int node)
        {
            lock (_counts) return _counts.GetValueOrDefault((series, key, node));
        }

        public int[] Nodes(LatencySeries series, string key)
        {
            lock (_counts) return _counts.Keys.Where(k => k.Item1 == series && k.Item2 == key).Select(k => k.Item3).Order().ToArray();
        }
    }

    [Fact]
    public async Task A_lost_generators_platforms_are_driven_by_the_coordinator_from_then_on_and_its_unanswered_operations_count_as_lost()
    {
        // The schedule runs 2 s past the earliest loss, so the coordinator has arrivals left to take over even when a
        // busy machine delays the loss (CI once lost the worker 1.85 s in, past a 1.8 s schedule).
        var s = Scenario(scheduleEnd: 3.0);
        var coordinator = new LoadEngine(s, City) { Share = LoadShare.Coordinator(City.Platforms.Count, [0]) };
        var worker = new LoadEngine(s, City) { Share = LoadShare.Worker(City.Platforms.Count, [1, 2]) };
        coordinator.AddRemote("worker", [1, 2]);
        FakeMonitoringTree? own = null;
        var reports = 0;
        var startAt = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
        using var stopWorker = new CancellationTokenSource();
        // The worker's tree never answers, so its measured operations are all in flight when it is lost.
        var working = worker.RunShareAsync(FakeMonitoringTree.Silent, startAt, "worker", d =>
        {
            coordinator.Absorb(d);
            Interlocked.Increment(ref reports);
        }, stopWorker.Token);
        var lostAt = 0L;
        var losing = Task.Run(async () =>
        {
            // Lost once it has reported measured operations in flight: four reports and half a second past the warm-up.
            while (Volatile.Read(ref reports) < 4 || Stopwatch.GetTimestamp() < startAt + Stopwatch.Frequency) await Task.Delay(10);
            lostAt = Stopwatch.GetTimestamp();
            return coordinator.RemoteLost("worker", "its node was killed");
        });
        var outcome = await coordinator.RunAsync(o => own = FakeMonitoringTree.Immediate(o), NoProbe, _ => "", startAt: startAt);
        stopWorker.Cancel();
        await working;

        Assert.Equal([1, 2], await losing);
        var takenOver = own!.Calls.Where(c => PlatformOf(c) != 0).ToList();
        Assert.True(takenOver.Count > 0, $"{own.Calls.Count} calls, lost {(lostAt - startAt) / (double)Stopwatch.Frequency:0.000}s into the run, last intended {(own.Calls.Max(c => c.Ticket.Intended) - startAt) / (double)Stopwatch.Frequency:0.000}s");
        Assert.All(takenOver, c => Assert.True(c.Ticket.Started > lostAt, "issued for the lost node's platforms before it was lost"));
        var lost = outcome.Failures.Where(f => f.Key.EndsWith(":lost_with_node")).Sum(f => f.Value);
        Assert.True(lost > 0, "the worker's unanswered measured operations are counted as lost");
        Assert.Equal(lost, outcome.Operations.TimedOut);
        Assert.Contains(outcome.Events, e => e.Contains("the load generator on worker is lost: its node was killed"));
        // Reports from a generator already given up on change nothing.
        Assert.Empty(coordinator.RemoteLost("worker", "again"));
    }

    [Fact]
    public async Task Generators_issuing_in_bursts_wake_on_the_same_ticks_and_the_coordinator_times_each_burst_across_both_until_the_slower_node_is_done()
    {
        // A drain probe on two nodes: both generators issue in 100-ms bursts; the coordinator's tree answers in 5 ms, the
        // worker's in 40 ms. Each tick's burst, as the coordinator reports it, holds both nodes' operations and lasts until
        // the worker's last answer. The completion timeout is long enough for a loaded CI machine (with 1.5 s, 51 of the
        // worker's operations once counted as unanswered while its final report was on its way).
        var s = Scenario() with { CompletionTimeout = S(5) };
        var tick = new GeneratorSettings { Tick = TimeSpan.FromMilliseconds(100) };
        var coordinator = new LoadEngine(s, City) { Share = LoadShare.Coordinator(City.Platforms.Count, [0]), Generator = tick };
        var worker = new LoadEngine(s, City) { Share = LoadShare.Worker(City.Platforms.Count, [1, 2]), Generator = tick };
        coordinator.AddRemote("worker", [1, 2]);
        var startAt = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
        var working = worker.RunShareAsync(o => FakeMonitoringTree.Delayed(o, TimeSpan.FromMilliseconds(40)), startAt, "worker", coordinator.Absorb, CancellationToken.None);
        var outcome = await coordinator.RunAsync(o => FakeMonitoringTree.Delayed(o, TimeSpan.FromMilliseconds(5)), NoProbe, _ => "", startAt: startAt);
        await working;

        var theirs = worker.MeasuredBursts();
        var merged = coordinator.MeasuredBursts();
        Assert.NotEmpty(theirs);
        // One burst per tick, in tick order, every tick the worker timed among them.
        Assert.Equal(merged.Select(b => b.Tick).Distinct().Order(), merged.Select(b => b.Tick));
        foreach (var w in theirs)
        {
            var m = Assert.Single(merged, b => b.Tick == w.Tick);
            Assert.True(m.Operations >= w.Operations && m.DrainSeconds >= w.DrainSeconds, $"tick {w.Tick}: worker {w}, merged {m}");
        }
        // The coordinator's own operations are in the bursts too: together more than the worker's alone.
        Assert.True(merged.Sum(b => b.Operations) > theirs.Sum(b => b.Operations), $"{merged.Sum(b => b.Operations)} operations merged, the worker's {theirs.Sum(b => b.Operations)}");
        // A burst the worker took part in lasts about its 40-ms answer, though the coordinator answered in 5 ms. Each node
        // times from its own wake, and the wakes of one tick lie within the generators' oversleep of each other (a loaded
        // machine's: one burst read 34.1 ms), so the bound leaves 15 ms for that and stays far above the coordinator's 5.
        Assert.All(merged.Where(b => theirs.Any(w => w.Tick == b.Tick)), b => Assert.True(b.DrainSeconds >= 0.025, $"tick {b.Tick}: {b.DrainSeconds * 1000:0.0} ms"));
        Assert.True(outcome.Operations.Failed == 0, $"{outcome.Operations.Failed} failed: {string.Join(", ", outcome.Failures.Select(f => $"{f.Key} {f.Value}"))}");
    }

    [Fact]
    public void Self_test_targets_and_closed_copies_stay_on_the_coordinator_and_a_counted_run_is_not_spread()
    {
        var open = LoadPlanner.Plan(Scenario(), City);
        Assert.True(LoadShare.CanSpread(open));
        Assert.All(open, p => Assert.True(LoadShare.Splits(p)));

        var closed = Scenario() with
        {
            Streams = [new StreamDefinition("keepalive", OperationKind.Keepalive, [], [new KeepConstantStep(4, S(1))])],
        };
        Assert.DoesNotContain(LoadPlanner.Plan(closed, City), p => p.Name == "keepalive" && LoadShare.Splits(p));

        var counted = Scenario() with
        {
            Streams = [new StreamDefinition("keepalive", OperationKind.Keepalive, [], [new IterationsForInjectStep(10, S(1), 100, Arrivals.Uniform)])],
        };
        Assert.False(LoadShare.CanSpread(LoadPlanner.Plan(counted, City)));
    }
}
