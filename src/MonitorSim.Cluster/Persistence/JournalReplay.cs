using Akka.Actor;
using Akka.Persistence;

namespace MonitorSim.Cluster.Persistence;

/// <summary>
/// Reads one journal stream through the write journal, as a recovering actor reads it (<see cref="ReplayMessages"/>),
/// page by page, instead of through Akka.Persistence.Query; through the audit's own entry
/// (<see cref="AuditPluginId"/>), whose replay filter is off, so that every stored event is read, an older writer's too.
/// </summary>
/// <remarks>Why not the query side: the SQL plugin's read journal starts, at its first use in a process, an actor that
/// follows the whole journal table's ordering column from its start; on a store that outlives its runs (the default
/// SQLite file, after a day of runs) that catch-up kept a core of the coordinator busy for the rest of the run it was
/// auditing (docs/measurement.md, "The alarm audit reads this run's writes"). The write journal reads a stream by its key
/// and nothing else.</remarks>
public static class JournalReplay
{
    /// <summary>The journal entry the audit reads through: the store's own tables with the replay filter off (configured
    /// beside the default entry for every store that can be read back).</summary>
    public const string AuditIdentifier = "audit";

    /// <summary>The configuration path of <see cref="AuditIdentifier"/>'s entry.</summary>
    public const string AuditPluginId = "akka.persistence.journal." + AuditIdentifier;

    /// <summary>Events asked for at a time: between pages a cancelled read stops.</summary>
    public const int PageSize = 2_000;

    /// <summary>The highest sequence number the stream holds now (0 for none): a replay of nothing, answered with it.</summary>
    /// <exception cref="InvalidOperationException">The journal could not read it (its store away, say).</exception>
    public static async Task<long> HighestSequenceNrAsync(ActorSystem system, string persistenceId, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return (await PageAsync(system, persistenceId, 0, 0, cts.Token)).Highest;
    }

    /// <summary>Tells <paramref name="onEvent"/> every event of the stream from <paramref name="fromSequenceNr"/> on, in
    /// order, with its sequence number; stops between pages when <paramref name="ct"/> is cancelled.</summary>
    public static async Task ReadAsync(ActorSystem system, string persistenceId, long fromSequenceNr, Action<long, object> onEvent,
        CancellationToken ct)
    {
        var from = fromSequenceNr;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var page = await PageAsync(system, persistenceId, from, PageSize, ct);
            foreach (var e in page.Events) onEvent(e.SequenceNr, e.Payload);
            if (page.Events.Count < PageSize) return;
            from = page.Events[^1].SequenceNr + 1;
        }
    }

    private sealed record Page(List<IPersistentRepresentation> Events, long Highest);

    private static async Task<Page> PageAsync(ActorSystem system, string persistenceId, long from, long max, CancellationToken ct)
    {
        var done = new TaskCompletionSource<Page>(TaskCreationOptions.RunContinuationsAsynchronously);
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(AuditPluginId);
        var reader = system.ActorOf(Props.Create(() => new PageReader(done)));
        await using var cancel = ct.Register(() =>
        {
            done.TrySetCanceled(ct);
            system.Stop(reader);
        });
        journal.Tell(new ReplayMessages(from, max == 0 ? 0 : long.MaxValue, max, persistenceId, reader));
        return await done.Task;
    }

    /// <summary>Collects one page of a replay: the events, then the journal's answer with the stream's highest number.</summary>
    private sealed class PageReader(TaskCompletionSource<Page> done) : ActorBase
    {
        private readonly List<IPersistentRepresentation> _events = [];

        protected override bool Receive(object message)
        {
            switch (message)
            {
                case ReplayedMessage replayed:
                    _events.Add(replayed.Persistent);
                    return true;
                case RecoverySuccess success:
                    done.TrySetResult(new Page(_events, success.HighestSequenceNr));
                    Context.Stop(Self);
                    return true;
                case ReplayMessagesFailure failure:
                    done.TrySetException(new InvalidOperationException($"the journal could not replay the stream: {failure.Cause.Message}", failure.Cause));
                    Context.Stop(Self);
                    return true;
                default:
                    return false;
            }
        }
    }
}
