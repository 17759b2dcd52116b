using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using MonitorSim.Domain.Monitoring;

namespace MonitorSim.Cluster.Persistence;

/// <summary>
/// Reads back what the journal holds, independently of the actors that wrote it: the alarm ids each platform has stored.
/// Comparing them with the alarms the load engine was told were acknowledged shows whether any acknowledged alarm was
/// lost — across a node crash, for example.
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
}
