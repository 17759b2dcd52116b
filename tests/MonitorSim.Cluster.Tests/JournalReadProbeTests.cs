using Akka.Actor;
using Microsoft.Data.Sqlite;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Supervision;

namespace MonitorSim.Cluster.Tests;

/// <summary>The journal read probe reads a stream as its owner's restart would — the latest snapshot, then the events
/// after it — beside the live owner, and writes nothing to it.</summary>
public sealed class JournalReadProbeTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"monitorsim-probe-{Guid.NewGuid():N}");

    public JournalReadProbeTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_clues_stream_is_read_whole_and_the_live_clue_goes_on_writing_after_the_read()
    {
        await using var t = await TreeFixture.StartAsync(StoreSettings.Sqlite(Path.Combine(_dir, "store.db")));
        var at = new DateTime(2026, 3, 2, 9, 0, 0);
        var clue = t.Node.System.ActorOf(ClueActor.Props("c-1"));
        var received = await clue.Ask<ClueCommandResult>(new ClueCommandEnvelope("c-1", new ReceiveClue(at, "c-1", ClueChannel.Petition, 3, ["Sun"])), Wait);
        Assert.True(received.Accepted);

        var read = await JournalReadProbe.ReadAsync(t.Node.System, ClueActor.PersistenceIdOf("c-1"), Wait);

        Assert.NotNull(read);
        Assert.Equal(0, read.SnapshotSequenceNr);
        Assert.Equal(read.HighestSequenceNr, read.EventsReplayed);
        Assert.True(read.HighestSequenceNr >= 1, $"the clue's receipt is in its stream (highest {read.HighestSequenceNr})");
        // Had the probe written, the live clue's next event would collide with it on the stream's unique sequence number.
        var listed = await clue.Ask<ClueCommandResult>(new ClueCommandEnvelope("c-1", new ListClue(at.AddHours(1), "office-3 head", at.AddDays(30))), Wait);
        Assert.True(listed.Accepted);
        var again = await JournalReadProbe.ReadAsync(t.Node.System, ClueActor.PersistenceIdOf("c-1"), Wait);
        Assert.NotNull(again);
        Assert.True(again.HighestSequenceNr > read.HighestSequenceNr, "the listing came after the read, in the same stream");
    }

    [Fact]
    public async Task A_platforms_stream_is_read_from_its_latest_snapshot_as_its_restart_reads_it()
    {
        await using var t = await TreeFixture.StartAsync(StoreSettings.Sqlite(Path.Combine(_dir, "store.db")));
        var id = PlatformActor.PersistenceIdOf(t.Node.JournalKey, 0);

        // A started platform records its start and then snapshots it (recovery replays from there on).
        JournalRead? read = null;
        await Eventually.HoldsAsync(async () =>
        {
            read = await JournalReadProbe.ReadAsync(t.Node.System, id, Wait);
            Assert.True(read is { SnapshotSequenceNr: > 0 }, $"platform 0 has a snapshot (read: {read})");
        });

        Assert.Equal(read!.HighestSequenceNr - read.SnapshotSequenceNr, read.EventsReplayed);
    }

    [Fact]
    public async Task A_stream_never_written_reads_as_empty()
    {
        await using var t = await TreeFixture.StartAsync(StoreSettings.Sqlite(Path.Combine(_dir, "store.db")));

        var read = await JournalReadProbe.ReadAsync(t.Node.System, "platform-nobody-0", Wait);

        Assert.NotNull(read);
        Assert.Equal(0, read.EventsReplayed);
        Assert.Equal(0, read.HighestSequenceNr);
    }
}
