using System.Diagnostics;
using Akka.Actor;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Supervision;

namespace MonitorSim.Cluster.Supervision;

/// <summary>What the desk did: the days it ran (from <see cref="ResumedAt"/>; 0 for a fresh year) of the model's
/// <see cref="YearDays"/>, the commands it sent and the events they persisted, the commands a resumed day found already
/// applied, every disagreement between a clue actor and the model (there should be none), and the whole year's figures as
/// the model decided them (what the journal should hold once the year is complete).</summary>
public sealed record DeskOutcome(int Days, int ResumedAt, int YearDays, long Commands, long Events, long AlreadyApplied, long Retries,
    TimeSpan Wall, IReadOnlyList<string> Disagreements, bool Completed, SupervisionFigures Model);

/// <summary>
/// Runs the simulated supervision year on the cluster: the model (<see cref="SupervisionYear"/>) says what the city does each
/// day; the desk sends each command to its clue's actor (clues in parallel, a clue's commands in order), checks the answer
/// against what the model expects, and records the finished day in its ledger. Delivery is at least once: a command whose
/// answer does not come is sent again, and a command the clue refuses is compared with the clue's state — if the clue is
/// already where the command would have put it, the command was applied before (its answer lost, or the process killed
/// after persisting) and nothing is applied twice. Started again on the same store, the desk asks the ledger how many days
/// are done, replays the model to there in memory (it is deterministic) and carries on. Cancelled, it stops after the day
/// in hand is recorded (not completed): a day is a few milliseconds of commands, so it is finished rather than cut.
/// </summary>
public sealed class SupervisionDesk(ActorSystem system, IActorRef clues, SupervisionSpec spec, Organisation organisation, int seed, string runKey)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private const int MaxAttempts = 5;

    /// <summary>Commands in flight at once across clues.</summary>
    public int Parallelism { get; init; } = 64;

    /// <summary>Told the kind and latency (send to persisted answer) of every command that was answered as expected.</summary>
    public Action<string, TimeSpan>? Observe { get; init; }

    /// <summary>Told each finished day.</summary>
    public Action<SupervisionDay>? DayDone { get; init; }

    public async Task<DeskOutcome> RunAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var ledger = system.ActorOf(SupervisionLedger.Props(runKey), $"supervision-ledger-{Uri.EscapeDataString(runKey)}");
        try
        {
            var done = (await ledger.Ask<SupervisionProgress>(GetSupervisionProgress.Instance, AskTimeout, ct)).DaysDone;
            var model = new SupervisionYear(spec, organisation, seed, runKey);
            // The clue as the model expects it after each command, for telling an already-applied command apart.
            var expected = new Dictionary<string, Clue>();
            var disagreements = new List<string>();
            long commands = 0, events = 0, already = 0, retries = 0;
            var days = 0;
            using var gate = new SemaphoreSlim(Parallelism);
            // The model is walked to the year's end in any case (in memory, a fraction of a second), so its figures are the
            // whole year's however far the desk got.
            var tally = new SupervisionTally(spec.YearStart, spec.YearEnd);
            var completed = true;
            foreach (var day in model.Run())
            {
                var perClue = new Dictionary<string, List<(WorkflowCommand Command, Clue After)>>();
                foreach (var c in day.Commands)
                {
                    var after = c.Expected.Aggregate(expected.GetValueOrDefault(c.ClueId, Clue.None), (s, e) => s.Apply(e));
                    expected[c.ClueId] = after;
                    if (!perClue.TryGetValue(c.ClueId, out var list)) perClue[c.ClueId] = list = [];
                    list.Add((c, after));
                }
                tally.Add(day);
                if (day.Index < done || !completed) continue;
                if (ct.IsCancellationRequested)
                {
                    // Stopped between days: nothing more is sent; the ledger says where to carry on.
                    completed = false;
                    continue;
                }
                // The day in hand is finished whatever the token says (see the class comment).
                var results = await Task.WhenAll(perClue.Values.Select(async chain =>
                {
                    var r = new ChainResult();
                    for (var i = 0; i < chain.Count; i++)
                    {
                        await gate.WaitAsync(CancellationToken.None);
                        try
                        {
                            await SendAsync(chain[i].Command, chain.Skip(i).Select(c => c.After).ToList(), r, CancellationToken.None);
                        }
                        finally
                        {
                            gate.Release();
                        }
                    }
                    return r;
                }));
                foreach (var r in results)
                {
                    commands += r.Commands;
                    events += r.Events;
                    already += r.AlreadyApplied;
                    retries += r.Retries;
                    disagreements.AddRange(r.Disagreements);
                }
                await ledger.Ask<SupervisionDayRecorded>(new RecordSupervisionDay(day.Index, day.Date, day.Warnings), AskTimeout, CancellationToken.None);
                days++;
                DayDone?.Invoke(day);
            }
            return new DeskOutcome(days, done, model.Days, commands, events, already, retries, watch.Elapsed, disagreements, completed, tally.Figures);
        }
        finally
        {
            ledger.Tell(PoisonPill.Instance);
        }
    }

    private sealed class ChainResult
    {
        public long Commands, Events, AlreadyApplied, Retries;
        public List<string> Disagreements { get; } = [];
    }

    /// <param name="afters">The clue as the model expects it after this command and after each later one of the day.</param>
    private async Task SendAsync(WorkflowCommand command, IReadOnlyList<Clue> afters, ChainResult r, CancellationToken ct)
    {
        r.Commands++;
        var kind = command.Command.GetType().Name;
        for (var attempt = 1; ; attempt++)
        {
            var sent = Stopwatch.GetTimestamp();
            ClueCommandResult answer;
            try
            {
                answer = await clues.Ask<ClueCommandResult>(new ClueCommandEnvelope(command.ClueId, command.Command), AskTimeout, ct);
            }
            catch (AskTimeoutException) when (attempt < MaxAttempts)
            {
                r.Retries++;
                continue;
            }
            if (answer.Accepted && SameEvents(answer.Events, command.Expected))
            {
                r.Events += answer.Events.Count;
                Observe?.Invoke(kind, Stopwatch.GetElapsedTime(sent));
                return;
            }
            // Not what the model expected: applied already (a resent command, or a resumed day whose commands were persisted
            // before the process died: the clue may then be past this command, at a later one of the day), or a real
            // disagreement.
            var state = await clues.Ask<Clue>(new GetClue(command.ClueId), AskTimeout, ct);
            if (afters.Any(after => SameProgress(state, after)))
            {
                r.AlreadyApplied++;
                return;
            }
            r.Disagreements.Add($"clue {command.ClueId}, {kind}: expected {Describe(command.Expected)}, got " +
                                (answer.Accepted ? Describe(answer.Events) : $"a refusal ({answer.Rejection})"));
            return;
        }
    }

    private static bool SameEvents(IReadOnlyList<ClueEvent> a, IReadOnlyList<ClueEvent> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.Item1.GetType() == p.Item2.GetType() && p.Item1.At == p.Item2.At);

    /// <summary>Whether two copies of a clue stand at the same point of its lifecycle.</summary>
    public static bool SameProgress(Clue a, Clue b) =>
        a.Status == b.Status && a.Reopened == b.Reopened && a.DeadlineWasMissed == b.DeadlineWasMissed && a.SupervisionBatch == b.SupervisionBatch
        && a.Handler == b.Handler && a.NotifiedBatch == b.NotifiedBatch && a.Decisions.Count == b.Decisions.Count;

    private static string Describe(IReadOnlyList<ClueEvent> events) =>
        events.Count == 0 ? "no event" : string.Join(", ", events.Select(e => e.GetType().Name));
}
