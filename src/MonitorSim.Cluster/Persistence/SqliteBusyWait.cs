using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MonitorSim.Cluster.Persistence;

/// <summary>
/// How the journal's writer waits for the file's write lock: it tries again every millisecond, up to
/// <see cref="Timeout"/>, instead of through SQLite's busy handler (<c>PRAGMA busy_timeout</c>), which sleeps 1, 2, 5, 10,
/// 15, 20, 25, 25, 25, 50, 50 and then 100 ms between tries. With one writer in one process the lock is rarely taken and
/// the two are alike; with several node processes writing one file (a multi-node run on SQLite) a writer that finds the
/// lock taken sleeps past the moment it is freed, by up to the step it has reached (10–25 ms once it has waited 8 ms), and
/// every persist waiting for its transaction waits with it. A one-millisecond retry wakes at most about a millisecond late,
/// for a few system calls per millisecond of waiting. SQLitePCLRaw does not expose <c>sqlite3_busy_handler</c>, and
/// Microsoft.Data.Sqlite retries a busy statement every 150 ms, so the writer begins its transactions itself.
/// </summary>
public static class SqliteBusyWait
{
    /// <summary>How long the writer waits for the lock before its transaction fails with SQLITE_BUSY (as busy_timeout).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>BEGIN IMMEDIATE</c> on <paramref name="connection"/>: takes the write lock, retrying every millisecond while
    /// another connection holds it, up to <see cref="Timeout"/>; throws <see cref="SqliteException"/> on any other error.
    /// The transaction is SQLite's own, unknown to the connection object: end it with <see cref="Commit"/> or
    /// <see cref="Rollback"/>, and run its statements without a <see cref="SqliteTransaction"/>.
    /// </summary>
    public static void BeginImmediate(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var db = connection.Handle!;
        raw.sqlite3_busy_timeout(db, 0); // BUSY at once, for the retry below; restored for the statements inside
        try
        {
            var waited = Stopwatch.StartNew();
            while (true)
            {
                var rc = raw.sqlite3_exec(db, "BEGIN IMMEDIATE");
                if (rc == raw.SQLITE_OK) return;
                if (rc != raw.SQLITE_BUSY || waited.Elapsed >= Timeout) SqliteException.ThrowExceptionForRC(rc, db);
                Thread.Sleep(1);
            }
        }
        finally
        {
            raw.sqlite3_busy_timeout(db, (int)Timeout.TotalMilliseconds);
        }
    }

    /// <summary>Commits the transaction <see cref="BeginImmediate"/> began.</summary>
    public static void Commit(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var db = connection.Handle!;
        var rc = raw.sqlite3_exec(db, "COMMIT");
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }

    /// <summary>Rolls back the transaction <see cref="BeginImmediate"/> began, if it is still open (SQLite ends some on
    /// their own after an error).</summary>
    public static void Rollback(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var db = connection.Handle!;
        if (raw.sqlite3_get_autocommit(db) == 0) raw.sqlite3_exec(db, "ROLLBACK");
    }
}
