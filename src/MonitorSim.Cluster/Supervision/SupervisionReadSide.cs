using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Supervision;

namespace MonitorSim.Cluster.Supervision;

/// <summary>What the journal holds of one run's year: the statistics, and how the clues' journals look (each clue
/// received once).</summary>
public sealed record JournalYear(SupervisionFigures Figures, int Clues, long ClueEvents, int DaysDone, IReadOnlyList<string> Problems);

/// <summary>
/// The read side of the supervision workflows (Akka.Persistence.Query): every clue event by its tag, the ledger's days by
/// persistence id, folded into the year's statistics by <see cref="SupervisionTally"/>. It reads the journal, not the
/// actors, so what it counts is what was stored. SQL stores only (SQLite, PostgreSQL).
/// </summary>
public static class SupervisionReadSide
{
    public static async Task<JournalYear> ReadAsync(ActorSystem system, SupervisionSpec spec, string runKey, CancellationToken ct)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var materializer = system.Materializer();
        var prefix = ClueActor.PersistenceIdOf($"{runKey}-");
        var byClue = new Dictionary<string, List<ClueEvent>>();
        await journal.CurrentEventsByTag(ClueActor.Tag, Offset.NoOffset())
            .Where(e => e.PersistenceId.StartsWith(prefix, StringComparison.Ordinal))
            .RunForeach(e =>
            {
                if (!byClue.TryGetValue(e.PersistenceId, out var list)) byClue[e.PersistenceId] = list = [];
                list.Add((ClueEvent)e.Event);
            }, materializer)
            .WaitAsync(ct);

        var tally = new SupervisionTally(spec.YearStart, spec.YearEnd);
        var problems = new List<string>();
        long events = 0;
        foreach (var (pid, list) in byClue.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var id = pid[ClueActor.PersistenceIdOf("").Length..];
            events += list.Count;
            if (list.Count(e => e is ClueReceived) != 1) problems.Add($"clue {id} is received {list.Count(e => e is ClueReceived)} times in the journal");
            foreach (var e in list) tally.Add(id, e);
        }
        var days = 0;
        await journal.CurrentEventsByPersistenceId(SupervisionLedger.PersistenceIdOf(runKey), 0, long.MaxValue)
            .RunForeach(e =>
            {
                if (e.Event is not SupervisionDayDone d) return;
                days = Math.Max(days, d.Day + 1);
                foreach (var w in d.Warnings) tally.Add(w);
            }, materializer)
            .WaitAsync(ct);
        return new JournalYear(tally.Figures, byClue.Count, events, days, problems);
    }
}
