using Microsoft.Data.Sqlite;
using MonitorSim.Cluster.Persistence;

namespace MonitorSim.Cluster.Tests;

/// <summary>The SQLite journal's writer: the writes waiting share a transaction, the rows are the plugin's (tags in their
/// own table, keyed by the event's ordering), a second writer of a stream fails only its own write, and a store that
/// failed a transaction is reopened for the next.</summary>
public sealed class SqliteEventWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"monitorsim-writer-{Guid.NewGuid():N}");
    private readonly string _file;

    public SqliteEventWriterTests()
    {
        Directory.CreateDirectory(_dir);
        _file = Path.Combine(_dir, "store.db");
        SqliteStore.Prepare(_file);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string ConnectionString => StoreSettings.Sqlite(_file).ConnectionString;

    private static JournalEvent Event(string stream, long sequenceNr, params string[] tags) =>
        new(stream, sequenceNr, 638_000_000_000_000_000 + sequenceNr, [1, 2, (byte)sequenceNr], "m", 42, tags);

    /// <summary>Holds the store's write lock from another connection until disposed, as a busy writer elsewhere would.</summary>
    private StoreLock LockStore() => new($"Data Source={_file};Pooling=False");

    private sealed class StoreLock : IDisposable
    {
        private readonly SqliteConnection _connection;

        public StoreLock(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            Execute("BEGIN EXCLUSIVE;");
        }

        public void Dispose()
        {
            Execute("ROLLBACK;");
            _connection.Dispose();
        }

        private void Execute(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    private List<(long Ordering, string Stream, long SequenceNr, long Created, string Writer)> Rows() =>
        Query("SELECT ordering, persistence_id, sequence_number, created, writer_uuid FROM journal ORDER BY ordering",
            r => (r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4)));

    private List<(long OrderingId, string Tag, long SequenceNr, string Stream)> Tags() =>
        Query("SELECT ordering_id, tag, sequence_nr, persistence_id FROM tags ORDER BY ordering_id, tag",
            r => (r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3)));

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> row)
    {
        using var c = new SqliteConnection(ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<T>();
        while (r.Read()) rows.Add(row(r));
        return rows;
    }

    [Fact]
    public async Task Writes_that_wait_while_the_store_is_busy_are_committed_together_in_one_transaction()
    {
        using var writer = new SqliteEventWriter(ConnectionString, "w1");
        Task[] writes;
        using (LockStore())
        {
            var first = writer.WriteAsync([Event("clue-0", 1)]); // taken at once: it waits for the lock inside its transaction
            await Task.Delay(200);
            writes = [first, .. Enumerable.Range(1, 40).Select(i => writer.WriteAsync([Event($"clue-{i}", 1), Event($"clue-{i}", 2)]))];
            await Task.Delay(200);
            Assert.All(writes, w => Assert.False(w.IsCompleted));
        }
        await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(2, writer.Transactions);
        Assert.Equal(81, Rows().Count);
    }

    [Fact]
    public async Task Time_spent_waiting_for_another_holder_of_the_stores_lock_counts_as_lock_wait_not_as_busy()
    {
        using var writer = new SqliteEventWriter(ConnectionString, "w1");
        var processBefore = JournalWriterTime.Read();
        Task write;
        using (LockStore())
        {
            write = writer.WriteAsync([Event("clue-0", 1), Event("clue-0", 2)]);
            await Task.Delay(400); // another node's writer holds the file's lock this long
        }
        await write.WaitAsync(TimeSpan.FromSeconds(20));
        var waited = writer.Time;
        await writer.WriteAsync([Event("clue-1", 1)]); // nobody else holds the lock now
        var both = writer.Time;

        Assert.Equal(2, both.Transactions);
        Assert.InRange(waited.LockWaitS, 0.35, 20); // the 400 ms the lock was held elsewhere, less the write's start
        Assert.InRange(waited.HoldS, 1e-7, waited.LockWaitS); // its own transaction: two inserts and the commit, after the wait
        Assert.True(both.HoldS > waited.HoldS, "the second transaction's time inside counts as busy");
        Assert.InRange(both.LockWaitS - waited.LockWaitS, 0, 0.35); // it did not wait out a holder (any wait here is the machine's)
        // The process-wide totals a node reports hold every writer's time, this one's included.
        var process = JournalWriterTime.Read();
        Assert.True(process.LockWaitS - processBefore.LockWaitS >= both.LockWaitS - 1e-9);
        Assert.True(process.Transactions - processBefore.Transactions >= 2);
    }

    [Fact]
    public async Task An_events_tags_are_stored_under_its_ordering_as_the_plugins_events_by_tag_query_reads_them()
    {
        using var writer = new SqliteEventWriter(ConnectionString, "writer-7");
        await writer.WriteAsync([Event("clue-1", 1, "clue"), Event("clue-1", 2), Event("clue-1", 3, "clue", "co-handling")]);

        var rows = Rows();
        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.SequenceNr));
        Assert.All(rows, r => Assert.Equal("writer-7", r.Writer));
        Assert.Equal(638_000_000_000_000_002, rows[1].Created);
        Assert.Equal(
            [(rows[0].Ordering, "clue", 1L, "clue-1"), (rows[2].Ordering, "clue", 3L, "clue-1"), (rows[2].Ordering, "co-handling", 3L, "clue-1")],
            Tags());
    }

    [Fact]
    public async Task A_second_writer_of_a_streams_sequence_number_fails_only_its_own_write_in_a_shared_transaction()
    {
        using var writer = new SqliteEventWriter(ConnectionString, "w1");
        Task first, kept, other, duplicate;
        using (LockStore())
        {
            first = writer.WriteAsync([Event("clue-0", 1)]);
            await Task.Delay(200);
            kept = writer.WriteAsync([Event("clue-1", 1)]);
            other = writer.WriteAsync([Event("clue-2", 1)]);
            duplicate = writer.WriteAsync([Event("clue-1", 1)]);
        }
        await Task.WhenAll(first, kept, other).WaitAsync(TimeSpan.FromSeconds(20));

        var failure = await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        Assert.Equal(19, failure.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(["clue-0", "clue-1", "clue-2"], Rows().Select(r => r.Stream).Order());
    }

    [Fact]
    public async Task After_a_failed_transaction_the_writer_is_not_wedged_and_the_next_write_lands_when_the_store_is_back()
    {
        using var writer = new SqliteEventWriter(ConnectionString, "w1");
        await writer.WriteAsync([Event("clue-1", 1)]);
        using (var c = new SqliteConnection(ConnectionString))
        {
            c.Open();
            using var drop = c.CreateCommand();
            drop.CommandText = "DROP TABLE journal;"; // the store loses its journal (a restore, an operator's mistake)
            drop.ExecuteNonQuery();
        }
        var failure = await Assert.ThrowsAsync<SqliteException>(() => writer.WriteAsync([Event("clue-1", 2)]));
        Assert.Contains("journal", failure.Message, StringComparison.Ordinal);

        SqliteStore.Prepare(_file); // the store comes back
        await writer.WriteAsync([Event("clue-1", 3)]).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal([3L], Rows().Select(r => r.SequenceNr));
    }
}
