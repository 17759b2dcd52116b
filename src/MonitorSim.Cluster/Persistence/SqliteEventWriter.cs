using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace MonitorSim.Cluster.Persistence;

/// <summary>One event as the journal table stores it (Akka.Persistence.Sql's default mapping, tags in their own table).</summary>
/// <param name="PersistenceId">The stream.</param>
/// <param name="SequenceNr">Its number in the stream.</param>
/// <param name="CreatedTicks">When it was written, in <see cref="DateTime.Ticks"/> (UTC), as the plugin writes <c>created</c>.</param>
/// <param name="Message">The payload, serialized.</param>
/// <param name="Manifest">The serializer's manifest ("" when it has none).</param>
/// <param name="SerializerId">The serializer's identifier.</param>
/// <param name="Tags">The event's tags (empty when untagged).</param>
public sealed record JournalEvent(string PersistenceId, long SequenceNr, long CreatedTicks, byte[] Message, string Manifest, int SerializerId, IReadOnlyList<string> Tags);

/// <summary>
/// The SQLite journal's writer: one connection of its own, its two inserts prepared once, and every write waiting when a
/// transaction starts committed in that one transaction (up to <see cref="MaxEventsPerTransaction"/> events).
/// <para>
/// Why not the plugin's writer: Akka.Persistence.Sql opens a connection and a transaction for every write that arrives
/// alone and builds each insert through LinqToDB's query pipeline — about 55 KB of garbage per event (measured on the
/// province at ~143 events/s: 8 MB/s of the run's 12.8), and on this 2-core machine every gen0 collection stalls the load
/// generator 50–85 ms. Here an event costs its serialized bytes and a few boxed parameters. The rows are the plugin's own
/// (same tables, columns and encodings), so its recovery, its events-by-tag query and the alarm audit read them unchanged.
/// </para>
/// <para>
/// Failures: a transaction that fails fails every write in it, as the plugin's batches do, except a constraint violation
/// (a second writer of a stream, the unique index on persistence id and sequence number) in a transaction of several
/// writes: then each write is tried alone, so only the offending one fails. After any failure the connection is closed
/// and the next transaction opens a new one (a store that went away and came back).
/// </para>
/// </summary>
public sealed class SqliteEventWriter : IDisposable
{
    /// <summary>The most events one transaction commits, so a backlog after an outage drains in bounded steps.</summary>
    public const int MaxEventsPerTransaction = 512;

    private const string InsertEvent = """
        INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
        VALUES ($created, 0, $persistence_id, $sequence_number, $message, $manifest, $identifier, $writer_uuid)
        """;

    // A tagged event's tag rows are keyed by its ordering, so its insert returns it; an untagged one (99 % of the baseline's
    // rows: the platforms' events) skips the result row and its reader.
    private const string InsertTaggedEvent = InsertEvent + " RETURNING ordering;";

    private const string InsertTag = """
        INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id)
        VALUES ($ordering_id, $tag, $sequence_nr, $persistence_id);
        """;

    private readonly string _connectionString;
    private readonly string _writerUuid;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private List<Write> _waiting = [];
    private List<Write> _taking = [];
    private bool _closing;
    private Connection? _connection;
    private long _transactions;
    private long _holdTicks;
    private long _lockWaitTicks;
    private long _timed;

    /// <param name="connectionString">The SQLite file's ADO.NET connection string.</param>
    /// <param name="writerUuid">This journal's writer id (the <c>writer_uuid</c> column).</param>
    public SqliteEventWriter(string connectionString, string writerUuid)
    {
        _connectionString = connectionString;
        _writerUuid = writerUuid;
        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-journal-writer" };
        _thread.Start();
    }

    /// <summary>Transactions committed so far (each holding one or more writes).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>This writer's time so far inside its transactions and waiting for the store's write lock (every writer's
    /// in the process: <see cref="JournalWriterTime"/>).</summary>
    public JournalWriterReading Time => new(Interlocked.Read(ref _holdTicks) / (double)Stopwatch.Frequency,
        Interlocked.Read(ref _lockWaitTicks) / (double)Stopwatch.Frequency, Interlocked.Read(ref _timed));

    /// <summary>Stores <paramref name="events"/> atomically (one transaction); completes when they are committed.</summary>
    public Task WriteAsync(IReadOnlyList<JournalEvent> events)
    {
        var write = new Write(events);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closing, this);
            _waiting.Add(write);
            if (_waiting.Count == 1) Monitor.Pulse(_gate);
        }
        return write.Done.Task;
    }

    /// <summary>Commits what is waiting, then closes the connection.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_closing) return;
            _closing = true;
            Monitor.Pulse(_gate);
        }
        _thread.Join(TimeSpan.FromSeconds(35));
    }

    private void Run()
    {
        while (true)
        {
            lock (_gate)
            {
                while (_waiting.Count == 0 && !_closing) Monitor.Wait(_gate);
                if (_waiting.Count == 0) break;
                (_waiting, _taking) = (_taking, _waiting);
            }
            for (var start = 0; start < _taking.Count;)
            {
                var end = start;
                var events = 0;
                while (end < _taking.Count && (end == start || events + _taking[end].Events.Count <= MaxEventsPerTransaction))
                    events += _taking[end++].Events.Count;
                Commit(_taking, start, end);
                start = end;
            }
            _taking.Clear();
        }
        _connection?.Dispose();
    }

    /// <summary>Writes <c>writes[start..end)</c> in one transaction and completes them.</summary>
    private void Commit(List<Write> writes, int start, int end)
    {
        try
        {
            Transact(writes, start, end);
            for (var i = start; i < end; i++) writes[i].Done.TrySetResult();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19 && end - start > 1) // SQLITE_CONSTRAINT: find the one write
        {
            for (var i = start; i < end; i++) Commit(writes, i, i + 1);
        }
        catch (Exception e)
        {
            for (var i = start; i < end; i++) writes[i].Done.TrySetException(e);
        }
    }

    private void Transact(List<Write> writes, int start, int end)
    {
        var connection = _connection ??= Connection.Open(_connectionString, _writerUuid);
        var begun = Stopwatch.GetTimestamp();
        try
        {
            connection.Insert(writes, start, end);
            Interlocked.Increment(ref _transactions);
        }
        catch
        {
            _connection = null;
            connection.Dispose();
            throw;
        }
        finally
        {
            var (ended, locked) = (Stopwatch.GetTimestamp(), connection.LockedAt);
            var (wait, hold) = locked < begun ? (ended - begun, 0L) : (locked - begun, ended - locked); // never got the lock: all wait
            Interlocked.Add(ref _lockWaitTicks, wait);
            Interlocked.Add(ref _holdTicks, hold);
            Interlocked.Increment(ref _timed);
            JournalWriterTime.Add(wait, hold);
        }
    }

    private sealed class Write(IReadOnlyList<JournalEvent> events)
    {
        public IReadOnlyList<JournalEvent> Events { get; } = events;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The writer's connection with its two prepared inserts.</summary>
    private sealed class Connection : IDisposable
    {
        private readonly SqliteConnection _sqlite;
        private readonly SqliteCommand _event;
        private readonly SqliteCommand _taggedEvent;
        private readonly SqliteCommand _tag;

        private Connection(SqliteConnection sqlite, string writerUuid)
        {
            _sqlite = sqlite;
            _event = EventInsert(sqlite, InsertEvent, writerUuid);
            _taggedEvent = EventInsert(sqlite, InsertTaggedEvent, writerUuid);
            _tag = sqlite.CreateCommand();
            _tag.CommandText = InsertTag;
            foreach (var name in (string[])["$ordering_id", "$tag", "$sequence_nr", "$persistence_id"])
                _tag.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        public static Connection Open(string connectionString, string writerUuid)
        {
            var sqlite = new SqliteConnection(connectionString);
            try
            {
                sqlite.Open();
                using (var pragmas = sqlite.CreateCommand())
                {
                    pragmas.CommandText = SqlitePragmas.Pragmas; // the plugin's connections' own, so reader and writer agree
                    pragmas.ExecuteNonQuery();
                }
                return new Connection(sqlite, writerUuid);
            }
            catch
            {
                sqlite.Dispose();
                throw;
            }
        }

        /// <summary>When the last transaction began holding the store's write lock (<see cref="Stopwatch.GetTimestamp"/>).</summary>
        public long LockedAt { get; private set; }

        private static SqliteCommand EventInsert(SqliteConnection sqlite, string sql, string writerUuid)
        {
            var command = sqlite.CreateCommand();
            command.CommandText = sql;
            foreach (var name in (string[])["$created", "$persistence_id", "$sequence_number", "$message", "$manifest", "$identifier"])
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            command.Parameters.AddWithValue("$writer_uuid", writerUuid);
            return command;
        }

        public void Insert(List<Write> writes, int start, int end)
        {
            using var transaction = _sqlite.BeginTransaction(); // BEGIN IMMEDIATE: the write lock up front, waiting busy_timeout for it
            LockedAt = Stopwatch.GetTimestamp();
            _event.Transaction = transaction;
            _taggedEvent.Transaction = transaction;
            _tag.Transaction = transaction;
            for (var i = start; i < end; i++)
                foreach (var e in writes[i].Events)
                {
                    if (e.Tags.Count == 0)
                    {
                        Bind(_event, e).ExecuteNonQuery();
                        continue;
                    }
                    var ordering = (long)Bind(_taggedEvent, e).ExecuteScalar()!;
                    foreach (var tag in e.Tags)
                    {
                        var t = _tag.Parameters;
                        t[0].Value = ordering;
                        t[1].Value = tag;
                        t[2].Value = e.SequenceNr;
                        t[3].Value = e.PersistenceId;
                        _tag.ExecuteNonQuery();
                    }
                }
            transaction.Commit();
        }

        private static SqliteCommand Bind(SqliteCommand insert, JournalEvent e)
        {
            var p = insert.Parameters;
            p[0].Value = e.CreatedTicks;
            p[1].Value = e.PersistenceId;
            p[2].Value = e.SequenceNr;
            p[3].Value = e.Message;
            p[4].Value = e.Manifest;
            p[5].Value = e.SerializerId;
            return insert;
        }

        public void Dispose()
        {
            _event.Dispose();
            _taggedEvent.Dispose();
            _tag.Dispose();
            _sqlite.Dispose();
        }
    }
}
