using Akka;
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
    /// <summary>One platform's journal stream from <paramref name="fromSequenceNr"/> on, each event told to
    /// <paramref name="onEvent"/> in the order stored with its sequence number and, for a stored alarm, its id: a run
    /// audits its acknowledged alarms as it goes, reading each stream once in pieces instead of holding every
    /// acknowledgement to the end. The caller keeps the last sequence number it was told, so that a read cut short (by
    /// <paramref name="ct"/>) is taken up from there. Read through the write journal (<see cref="JournalReplay"/>), not the query side, whose first use in a process
    /// starts following the whole journal table.</summary>
    public static Task AlarmsSinceAsync(ActorSystem system, string persistenceId, long fromSequenceNr, Action<long, long?> onEvent,
        CancellationToken ct) =>
        JournalReplay.ReadAsync(system, persistenceId, fromSequenceNr, (sequenceNr, e) => onEvent(sequenceNr, e is AlarmRaised a ? a.AlarmId : null), ct);

    /// <summary>Runs a journal query to its end, or stops it when <paramref name="ct"/> is cancelled: a query left
    /// running after its caller gave up would go on reading the store (and holding its connection) for nothing.</summary>
    private static async Task RunAsync(Source<EventEnvelope, NotUsed> events, Action<EventEnvelope> each, ActorSystem system, CancellationToken ct)
    {
        var (kill, done) = events.ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
            .ToMaterialized(Sink.ForEach(each), Keep.Both)
            .Run(system.Materializer());
        await using var stop = ct.Register(() => kill.Abort(new OperationCanceledException(ct)));
        await done;
    }

    /// <summary>The clues and co-handled requests stored in the SQL journal among those <paramref name="wanted"/> names (by
    /// id: the clue's or the request's, without the journal stream's prefix); read by tag, one query per workflow.</summary>
    public static async Task<StoredSupervision> StoredSupervisionAsync(ActorSystem system, Func<string, bool> wanted, CancellationToken ct)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var clueStream = ClueActor.PersistenceIdOf("");
        var received = new Dictionary<string, int>();
        var listed = new Dictionary<string, int>();
        await RunAsync(journal.CurrentEventsByTag(ClueActor.Tag, Offset.NoOffset()), e =>
            {
                if (!e.PersistenceId.StartsWith(clueStream, StringComparison.Ordinal)) return;
                var id = e.PersistenceId[clueStream.Length..];
                if (!wanted(id)) return;
                if (e.Event is ClueReceived) received[id] = received.GetValueOrDefault(id) + 1;
                else if (e.Event is ClueListed) listed[id] = listed.GetValueOrDefault(id) + 1;
            }, system, ct);
        var requestStream = CoHandlingActor.PersistenceIdOf("");
        var opened = new Dictionary<string, int>();
        await RunAsync(journal.CurrentEventsByTag(CoHandlingActor.Tag, Offset.NoOffset()), e =>
            {
                if (e.Event is not CoHandlingOpened || !e.PersistenceId.StartsWith(requestStream, StringComparison.Ordinal)) return;
                var id = e.PersistenceId[requestStream.Length..];
                if (wanted(id)) opened[id] = opened.GetValueOrDefault(id) + 1;
            }, system, ct);
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
