using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using MonitorSim.Cluster.Actors;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Supervision;

namespace MonitorSim.Cluster.Persistence;

/// <summary>
/// Reads back what the journal holds, independently of the actors that wrote it: the alarm ids each platform has stored.
/// Comparing them with the alarms the load engine was told were acknowledged shows whether any acknowledged alarm was
/// lost — across a node crash, for example. The same for the supervision workflows: the clues and co-handled requests the
/// journal holds, read by their tags.
/// </summary>
public static class JournalAudit
{
    /// <summary>Alarm ids per platform as stored in the SQL journal (SQLite or PostgreSQL).</summary>
    /// <param name="persistenceIdOf">The journal stream of a platform (its persistence id).</param>
    public static async Task<Dictionary<int, HashSet<long>>> StoredAlarmIdsAsync(ActorSystem system, int platforms,
        Func<int, string> persistenceIdOf, CancellationToken ct)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var materializer = system.Materializer();
        var result = new Dictionary<int, HashSet<long>>();
        for (var p = 0; p < platforms; p++)
        {
            var ids = new HashSet<long>();
            await journal.CurrentEventsByPersistenceId(persistenceIdOf(p), 0, long.MaxValue)
                .RunForeach(e => { if (e.Event is AlarmRaised a) ids.Add(a.AlarmId); }, materializer)
                .WaitAsync(ct);
            result[p] = ids;
        }
        return result;
    }

    /// <summary>The clues and co-handled requests stored in the SQL journal among those <paramref name="wanted"/> names (by
    /// id: the clue's or the request's, without the journal stream's prefix); read by tag, one query per workflow.</summary>
    public static async Task<StoredSupervision> StoredSupervisionAsync(ActorSystem system, Func<string, bool> wanted, CancellationToken ct)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var materializer = system.Materializer();
        var clueStream = ClueActor.PersistenceIdOf("");
        var received = new Dictionary<string, int>();
        var listed = new Dictionary<string, int>();
        await journal.CurrentEventsByTag(ClueActor.Tag, Offset.NoOffset())
            .RunForeach(e =>
            {
                if (!e.PersistenceId.StartsWith(clueStream, StringComparison.Ordinal)) return;
                var id = e.PersistenceId[clueStream.Length..];
                if (!wanted(id)) return;
                if (e.Event is ClueReceived) received[id] = received.GetValueOrDefault(id) + 1;
                else if (e.Event is ClueListed) listed[id] = listed.GetValueOrDefault(id) + 1;
            }, materializer)
            .WaitAsync(ct);
        var requestStream = CoHandlingActor.PersistenceIdOf("");
        var opened = new Dictionary<string, int>();
        await journal.CurrentEventsByTag(CoHandlingActor.Tag, Offset.NoOffset())
            .RunForeach(e =>
            {
                if (e.Event is not CoHandlingOpened || !e.PersistenceId.StartsWith(requestStream, StringComparison.Ordinal)) return;
                var id = e.PersistenceId[requestStream.Length..];
                if (wanted(id)) opened[id] = opened.GetValueOrDefault(id) + 1;
            }, materializer)
            .WaitAsync(ct);
        return new StoredSupervision(received, listed, opened);
    }
}

/// <summary>What the journal holds of some clues and co-handled requests, by id.</summary>
/// <param name="CluesReceived">Clue id → how many times its journal holds its receipt (once, if the clue is stored
/// exactly once).</param>
/// <param name="CluesListed">Clue id → how many times its journal holds its listing.</param>
/// <param name="RequestsOpened">Request id → how many times its journal holds its opening.</param>
public sealed record StoredSupervision(
    IReadOnlyDictionary<string, int> CluesReceived,
    IReadOnlyDictionary<string, int> CluesListed,
    IReadOnlyDictionary<string, int> RequestsOpened);
