using Microsoft.Data.Sqlite;
using Akka.Actor;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Supervision;
using MonitorSim.Cluster.Tests.Support;

namespace MonitorSim.Cluster.Tests;

/// <summary>The embedded store's schema: a stream's events are found by index (recovery and every new entity's first
/// look-up), also in a store written before the index existed, and one sequence number is never stored twice.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"monitorsim-schema-{Guid.NewGuid():N}");

    public SqliteStoreTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static string Plan(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
        using var r = cmd.ExecuteReader();
        var lines = new List<string>();
        while (r.Read()) lines.Add(r.GetString(3));
        return string.Join(" | ", lines);
    }

    [Fact]
    public async Task A_streams_events_and_its_highest_sequence_number_are_found_by_index_not_by_scanning_the_journal()
    {
        var file = Path.Combine(_dir, "store.db");
        // The node prepares the file and the journal plugin starts on it (it finds the tables in place).
        await using (var _ = await TreeFixture.StartAsync(StoreSettings.Sqlite(file))) { }

        using var c = new SqliteConnection($"Data Source={file}");
        c.Open();
        var highest = Plan(c, "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = 'clue-7' AND sequence_number >= 0");
        var replay = Plan(c, "SELECT * FROM journal WHERE persistence_id = 'clue-7' AND sequence_number >= 1 AND sequence_number <= 9 ORDER BY sequence_number");
        var byTag = Plan(c, "SELECT * FROM tags WHERE tag = 'clue'");

        Assert.Contains("INDEX journal_uq", highest, StringComparison.Ordinal);
        Assert.Contains("INDEX journal_uq", replay, StringComparison.Ordinal);
        Assert.Contains("INDEX tags_tag_idx", byTag, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_written_without_the_indexes_gets_them_at_its_next_start_and_keeps_its_events()
    {
        var file = Path.Combine(_dir, "old.db");
        using (var c = new SqliteConnection($"Data Source={file}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            // What the journal plugin alone wrote on SQLite: the table, no index but the ordering key.
            cmd.CommandText = """
                CREATE TABLE [journal] ([ordering] INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, [created] INTEGER NOT NULL,
                  [deleted] Bit NOT NULL, [persistence_id] NVarChar(255) NOT NULL, [sequence_number] INTEGER NOT NULL,
                  [message] VarBinary NOT NULL, [manifest] NVarChar(500) NULL, [identifier] INTEGER NULL, [writer_uuid] NVarChar(128) NULL);
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message) VALUES (1, 0, 'clue-7', 1, x'01');
                """;
            cmd.ExecuteNonQuery();
        }

        SqliteStore.Prepare(file);

        using var check = new SqliteConnection($"Data Source={file}");
        check.Open();
        using var count = check.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM journal";
        Assert.Equal(1L, (long)count.ExecuteScalar()!);
        Assert.Contains("INDEX journal_uq", Plan(check, "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = 'clue-7'"), StringComparison.Ordinal);
        // One event per sequence number: a second writer of the stream fails instead of forking it.
        using var again = check.CreateCommand();
        again.CommandText = "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message) VALUES (2, 0, 'clue-7', 1, x'02')";
        Assert.Throws<SqliteException>(() => again.ExecuteNonQuery());
    }

    [Fact]
    public async Task A_clue_recovers_while_another_connection_holds_the_write_lock()
    {
        var file = Path.Combine(_dir, "store.db");
        await using var t = await TreeFixture.StartAsync(StoreSettings.Sqlite(file));
        var at = new DateTime(2026, 3, 2, 9, 0, 0);
        var first = t.Node.System.ActorOf(ClueActor.Props("c-1"));
        var receipt = new ReceiveClue(at, "c-1", ClueChannel.Petition, 3, ["Sun"]);
        Assert.True((await first.Ask<ClueCommandResult>(new ClueCommandEnvelope("c-1", receipt), TimeSpan.FromSeconds(10))).Accepted);
        await first.GracefulStop(TimeSpan.FromSeconds(5));

        // Another writer takes the database's write lock and keeps it.
        using var writer = new SqliteConnection($"Data Source={file}");
        writer.Open();
        using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE; INSERT INTO journal (created, deleted, persistence_id, sequence_number, message) VALUES (1, 0, 'other', 1, x'01');";
            begin.ExecuteNonQuery();
        }

        // Recovery only reads: it must not wait for the writer (the store's busy timeout is 30 s; the answer is due in 10).
        var again = t.Node.System.ActorOf(ClueActor.Props("c-1"), "c-1-again");
        var state = await again.Ask<Clue>(new GetClue("c-1"), TimeSpan.FromSeconds(10));
        Assert.Equal(ClueStatus.Received, state.Status);

        using var rollback = writer.CreateCommand();
        rollback.CommandText = "ROLLBACK;";
        rollback.ExecuteNonQuery();
    }
}
