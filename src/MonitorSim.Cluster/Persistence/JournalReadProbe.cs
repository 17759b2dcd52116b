using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;

namespace MonitorSim.Cluster.Persistence;

/// <summary>
/// Times what a restart of one journal stream reads: its latest snapshot and every event after it. A read-only stand-in
/// with the stream's persistence id recovers exactly as the real actor would (same journal, same snapshot store, same
/// serializers), counts what it replayed, and stops without writing — so it can run beside the live actor that owns the
/// stream. Sampled through a long run, it shows whether reading the journal slows down as the journal grows.
/// </summary>
public static class JournalReadProbe
{
    private static long _probes;

    /// <summary>Recovers a stand-in for <paramref name="persistenceId"/> and times it; null when it did not finish within
    /// <paramref name="timeout"/> (the store slow or away).</summary>
    public static async Task<JournalRead?> ReadAsync(ActorSystem system, string persistenceId, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<JournalRead>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Stopwatch.GetTimestamp();
        var probe = system.ActorOf(Props.Create(() => new RecoveryStandIn(persistenceId, started, done)),
            $"journal-read-probe-{Interlocked.Increment(ref _probes)}");
        var finished = await Task.WhenAny(done.Task, Task.Delay(timeout));
        if (finished == done.Task) return await done.Task;
        system.Stop(probe);
        return null;
    }

    /// <summary>Replays the stream as its owner would and reports when recovery completes; never persists.</summary>
    private sealed class RecoveryStandIn(string persistenceId, long startedAt, TaskCompletionSource<JournalRead> done) : UntypedPersistentActor
    {
        private long _events;
        private long _snapshotAt;

        public override string PersistenceId { get; } = persistenceId;

        protected override void OnRecover(object message)
        {
            switch (message)
            {
                case SnapshotOffer offer: _snapshotAt = offer.Metadata.SequenceNr; break;
                case RecoveryCompleted:
                    done.TrySetResult(new JournalRead(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds, _events, _snapshotAt, LastSequenceNr));
                    Context.Stop(Self);
                    break;
                default: _events++; break;
            }
        }

        protected override void OnCommand(object message) { }

        protected override void OnRecoveryFailure(Exception reason, object? message = null)
        {
            done.TrySetException(reason);
            base.OnRecoveryFailure(reason, message);
        }
    }
}

/// <summary>One timed read of a journal stream, as its owner's restart would do it.</summary>
/// <param name="ReadMs">From asking for the stream until its recovery completed.</param>
/// <param name="EventsReplayed">Events read after the snapshot (all of them when there was none).</param>
/// <param name="SnapshotSequenceNr">The sequence number of the snapshot it started from (0: none).</param>
/// <param name="HighestSequenceNr">The stream's highest sequence number: how long its journal has grown.</param>
public sealed record JournalRead(double ReadMs, long EventsReplayed, long SnapshotSequenceNr, long HighestSequenceNr);
