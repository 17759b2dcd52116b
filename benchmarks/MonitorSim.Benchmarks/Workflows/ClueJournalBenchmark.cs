using Akka.Actor;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Supervision;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Benchmarks.Workflows;

/// <summary>
/// Workflow events into the SQLite journal and back (issue 5's targets: ≥ 5,000 events/s persisted, ≥ 20,000 events/s
/// recovered). Many clue actors at once, each taken through its whole lifecycle (ten events, nine commands answered one
/// after the other, as a desk would); figures are per event. Recovery starts fresh actors for clues already written and
/// waits until every one has replayed its journal and answered.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ClueJournalBenchmark
{
    /// <summary>Clues taken through their lifecycle at once per invocation.</summary>
    public const int Clues = 200;

    /// <summary>Events each clue's lifecycle writes.</summary>
    public const int EventsPerClue = 10;

    private static readonly DateTime Day0 = new(2026, 3, 2, 9, 0, 0);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private string _dir = "";
    private TreeNode _node = null!;
    private int _round;
    private readonly List<string> _written = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"monitorsim-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
        var topology = TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 42);
        _node = await TreeNode.StartAsync(new TreeNodeOptions(topology, MonitoringRules.Standard, new ManualSimClock(Day0, 1),
            StoreSettings.Sqlite(Path.Combine(_dir, "store.db")), TimeSpan.FromSeconds(5)));
        // Clues for the recovery benchmark to read back.
        await LifecyclesAsync("recover");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _node.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>One workflow event persisted (200 clues' lifecycles at once, 2,000 events per invocation).</summary>
    [Benchmark(OperationsPerInvoke = Clues * EventsPerClue)]
    public Task PersistEvent() => LifecyclesAsync($"r{++_round}");

    /// <summary>One workflow event recovered (200 fresh actors replaying 10 events each).</summary>
    [Benchmark(OperationsPerInvoke = Clues * EventsPerClue)]
    public async Task RecoverEvent()
    {
        var round = ++_round;
        await Task.WhenAll(_written.Take(Clues).Select(async id =>
        {
            var clue = _node.System.ActorOf(ClueActor.Props(id), $"{id}-{round}");
            var state = await clue.Ask<Clue>(new GetClue(id), Wait);
            if (state.Status != ClueStatus.Closed) throw new InvalidOperationException($"{id} recovered as {state.Status}");
            clue.Tell(PoisonPill.Instance);
        }));
    }

    private Task LifecyclesAsync(string prefix) => Task.WhenAll(Enumerable.Range(0, Clues).Select(async i =>
    {
        var id = $"{prefix}-{i}";
        var clue = _node.System.ActorOf(ClueActor.Props(id), id);
        ClueCommand[] commands =
        [
            new ReceiveClue(Day0, id, ClueChannel.Petition, i % 50, ["A", "B"]),
            new ListClue(Day0.AddDays(1), "office head", Day0.AddDays(30)),
            new AssignClue(Day0.AddDays(2), new ClueHandler(HandlerKind.Office, 1 + i % 5)),
            new StartInvestigation(Day0.AddDays(3)),
            new DecideOutcomes(Day0.AddDays(10), [new PersonDecision("A", PersonOutcome.AdmonishmentTalk), new PersonDecision("B", PersonOutcome.Clarification)]),
            new NotifyClue(Day0.AddDays(11), 1),
            new StartRectification(Day0.AddDays(12), Day0.AddDays(40)),
            new CompleteRectification(Day0.AddDays(30)),
            new LookBack(Day0.AddDays(60), ProblemBack: false),
        ];
        var events = 0;
        foreach (var command in commands)
        {
            var result = await clue.Ask<ClueCommandResult>(new ClueCommandEnvelope(id, command), Wait);
            if (!result.Accepted) throw new InvalidOperationException($"{id}: {result.Rejection}");
            events += result.Events.Count;
        }
        if (events != EventsPerClue) throw new InvalidOperationException($"{id} wrote {events} events, not {EventsPerClue}");
        clue.Tell(PoisonPill.Instance);
        lock (_written) _written.Add(id);
    }));
}
