using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using static MonitorSim.Load.Tests.TinyCity;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>
/// What the engine keeps for the end-of-run audit of the supervision workflows: every clue filing, clue listing and
/// co-handled request the tree acknowledged, under the id the tree stored it by — and nothing it did not acknowledge.
/// Schedules end well before the runs do, so the counts are exact whatever the machine's load.
/// </summary>
public sealed class AcknowledgedSupervisionTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>20 petitions filed then listed, and 10 co-handled requests, all within the first second.</summary>
    private static ScenarioDefinition Scenario() => ScenarioDefinition.Default("acknowledged") with
    {
        Duration = S(1.5),
        ReportInterval = S(0.5),
        CompletionTimeout = S(1),
        Topology = Tiny,
        Streams =
        [
            new StreamDefinition("petition", OperationKind.ClueIntake, [], [new InjectStep(20, S(1), S(1), null, Arrivals.Uniform)],
                Then: OperationKind.ClueListing),
            new StreamDefinition("co_handling", OperationKind.CoHandling, [], [new InjectStep(10, S(1), S(1), null, Arrivals.Uniform)]),
        ],
    };

    private static Task<TreeStatus> NoProbe(CancellationToken _) => Task.FromResult(TreeStatus.Unknown);

    private static List<string> Ids(LoadEngine engine, OperationKind kind) =>
        engine.AcknowledgedSupervision.Where(a => a.Kind == kind).Select(a => a.Id).Order(StringComparer.Ordinal).ToList();

    private static List<string> Expected(string what, int count) =>
        Enumerable.Range(1, count).Select(i => $"{what}-{i}").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Every_clue_filed_and_listed_and_every_co_handled_request_the_tree_acknowledged_is_kept_under_its_stored_id()
    {
        var engine = new LoadEngine(Scenario(), City);
        FakeMonitoringTree? tree = null;
        await engine.RunAsync(o => tree = FakeMonitoringTree.Delayed(o, TimeSpan.FromMilliseconds(20)), NoProbe, _ => "");
        tree!.Dispose();

        Assert.Equal(Expected("clue", 20), Ids(engine, OperationKind.ClueIntake));
        // Each listing is audited under the clue it listed, not under a number of its own.
        Assert.Equal(Expected("clue", 20), Ids(engine, OperationKind.ClueListing));
        Assert.Equal(Expected("request", 10), Ids(engine, OperationKind.CoHandling));
        Assert.Equal(50, engine.AcknowledgedSupervision.Count);
    }

    [Fact]
    public async Task A_refused_filing_and_an_unanswered_request_are_not_taken_for_stored()
    {
        var engine = new LoadEngine(Scenario(), City);
        FakeMonitoringTree? tree = null;
        await engine.RunAsync(o =>
        {
            tree = FakeMonitoringTree.Immediate(o);
            // Every other filing is refused (so never listed); no co-handled request is ever answered.
            var filings = 0;
            tree.Decide = (kind, _) => kind == OperationKind.ClueIntake && Interlocked.Increment(ref filings) % 2 == 0
                ? (OpStatus.Rejected, "clue_refused")
                : (OpStatus.Ok, null);
            tree.Answering = kind => kind != OperationKind.CoHandling;
            return tree;
        }, NoProbe, _ => "");
        tree!.Dispose();

        // The fake numbers only the filings it accepts: 10 of 20.
        Assert.Equal(Expected("clue", 10), Ids(engine, OperationKind.ClueIntake));
        Assert.Equal(Expected("clue", 10), Ids(engine, OperationKind.ClueListing));
        Assert.Empty(Ids(engine, OperationKind.CoHandling));
        Assert.Equal(10, tree.Calls.Count(c => c.Kind == OperationKind.CoHandling));
    }

    [Fact]
    public async Task A_workers_acknowledged_filings_reach_the_coordinator_under_the_workers_own_ids()
    {
        var s = Scenario() with { Duration = S(2.5), CompletionTimeout = S(1.5) };
        var alone = new LoadEngine(s, City);
        await alone.RunAsync(o => FakeMonitoringTree.Immediate(o), NoProbe, _ => "");

        var coordinator = new LoadEngine(s, City) { Share = LoadShare.Coordinator(City.Platforms.Count, [0]) };
        var worker = new LoadEngine(s, City) { Share = LoadShare.Worker(City.Platforms.Count, [1, 2]) };
        coordinator.AddRemote("worker", [1, 2]);
        FakeMonitoringTree? theirs = null;
        var startAt = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
        var working = worker.RunShareAsync(o => theirs = FakeMonitoringTree.Immediate(o, "w-"), startAt, "worker", coordinator.Absorb,
            CancellationToken.None);
        await coordinator.RunAsync(o => FakeMonitoringTree.Immediate(o, "c-"), NoProbe, _ => "", startAt: startAt);
        await working;

        // Together exactly what one generator acknowledged, each under the id of the node's port that stored it.
        Assert.Equal(alone.AcknowledgedSupervision.Count, coordinator.AcknowledgedSupervision.Count);
        var fromWorker = coordinator.AcknowledgedSupervision.Where(a => a.Id.StartsWith("w-", StringComparison.Ordinal)).ToList();
        Assert.Equal(theirs!.Answers.Count(a => a is { Status: OpStatus.Ok, Kind: OperationKind.ClueIntake or OperationKind.ClueListing or OperationKind.CoHandling }),
            fromWorker.Count);
        Assert.NotEmpty(fromWorker);
        Assert.Contains(coordinator.AcknowledgedSupervision, a => a.Id.StartsWith("c-", StringComparison.Ordinal));
        Assert.Equal(coordinator.AcknowledgedSupervision.Count, coordinator.AcknowledgedSupervision.Distinct().Count());
    }
}
