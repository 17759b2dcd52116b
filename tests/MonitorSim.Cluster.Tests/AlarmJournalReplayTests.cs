using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// The alarm audit reads a platform's stream through the write journal (<see cref="JournalReplay"/>): every alarm a
/// platform stored is found, an older writer's too, and a store's history before the run is skipped by starting where
/// the stream stood.
/// </summary>
public sealed class AlarmJournalReplayTests : TestKit
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"monitorsim-replay-{Guid.NewGuid():N}");

    public AlarmJournalReplayTests() => Directory.CreateDirectory(_dir);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (disposing && Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task An_alarm_stored_by_a_platform_s_older_incarnation_after_its_replacement_started_is_still_found()
    {
        // A platform frozen past the failure detector is started again on another node while the frozen one still gets a
        // write in. The journal stamps each row with its own node's writer id: the rows of one stream come from writers
        // A, A, B, A. Recovery's replay filter drops A's last as stale; it was stored, and acknowledged, so the audit
        // must read it.
        var file = Path.Combine(_dir, "store.db");
        await using var a = await TreeFixture.StartAsync(StoreSettings.Sqlite(file));
        await using var b = await TreeFixture.StartAsync(StoreSettings.Sqlite(file));
        const string stream = "audit-replay-test";
        await WriteAsync(a.Node.System, stream, (1, 101), (2, 102));
        await WriteAsync(b.Node.System, stream, (3, 103));
        await WriteAsync(a.Node.System, stream, (4, 104));

        var audited = new List<(long Seq, long? Alarm)>();
        await JournalReplay.ReadAsync(b.Node.System, stream, 1, (seq, e) => audited.Add((seq, e is AlarmRaised r ? r.AlarmId : null)), default);
        var recovered = await RecoveryReplayAsync(b.Node.System, stream);

        Assert.Equal([(1L, (long?)101L), (2, 102), (3, 103), (4, 104)], audited);
        // The default entry keeps its filter for recovery: the stale writer's event is not replayed to a platform.
        Assert.Equal([1L, 2, 3], recovered);
    }

    [Fact]
    public async Task The_audit_starts_where_the_stream_stood_and_reads_only_what_came_after()
    {
        await using var t = await TreeFixture.StartAsync(StoreSettings.Sqlite(Path.Combine(_dir, "store.db")));
        const string stream = "audit-position-test";
        await WriteAsync(t.Node.System, stream, (1, 1), (2, 2), (3, 3));

        var stood = await JournalReplay.HighestSequenceNrAsync(t.Node.System, stream, TimeSpan.FromSeconds(10));
        await WriteAsync(t.Node.System, stream, (4, 4), (5, 5));
        var read = new List<long>();
        await JournalReplay.ReadAsync(t.Node.System, stream, stood + 1, (seq, _) => read.Add(seq), default);

        Assert.Equal(3L, stood);
        Assert.Equal([4L, 5], read);
        Assert.Equal(0L, await JournalReplay.HighestSequenceNrAsync(t.Node.System, "a-stream-never-written", TimeSpan.FromSeconds(10)));
    }

    /// <summary>Stores one alarm per row with the sequence number given, through <paramref name="system"/>'s default entry
    /// (which stamps the rows with its own writer id).</summary>
    private async Task WriteAsync(ActorSystem system, string stream, params (long Seq, long Alarm)[] rows)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        var probe = CreateTestProbe(system);
        foreach (var (seq, alarm) in rows)
        {
            var e = new AlarmRaised(alarm, Camera: 0, Point: 0, AlarmType.DeskUnattended, new DateTime(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc));
            var write = new AtomicWrite(new Persistent(e, seq, stream, string.Empty, false, probe.Ref, string.Empty));
            journal.Tell(new WriteMessages(ImmutableList.Create<IPersistentEnvelope>(write), probe.Ref, 1));
            await probe.ExpectMsgAsync<WriteMessagesSuccessful>(TimeSpan.FromSeconds(10));
            await probe.ExpectMsgAsync<WriteMessageSuccess>(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>The sequence numbers a recovering actor would be replayed, through the default entry and its filter.</summary>
    private async Task<List<long>> RecoveryReplayAsync(ActorSystem system, string stream)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        var probe = CreateTestProbe(system);
        journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, stream, probe.Ref));
        var seqs = new List<long>();
        while (true)
        {
            var m = await probe.ExpectMsgAsync<object>(TimeSpan.FromSeconds(10));
            if (m is ReplayedMessage r) seqs.Add(r.Persistent.SequenceNr);
            else if (m is RecoverySuccess) return seqs;
            else Assert.Fail($"the replay answered {m}");
        }
    }
}
