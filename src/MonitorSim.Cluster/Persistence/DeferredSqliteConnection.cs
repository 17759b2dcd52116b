using System.Data;
using Microsoft.Data.Sqlite;

namespace MonitorSim.Cluster.Persistence;

/// <summary>
/// The journal's SQLite connection, whose transactions begin deferred. Microsoft.Data.Sqlite begins every transaction the
/// ADO.NET way (<c>BeginTransaction(IsolationLevel)</c>, which is how linq2db and so the journal plugin ask) with
/// <c>BEGIN IMMEDIATE</c>, which takes the database's write lock at once — also for the plugin's reads, which all run in a
/// transaction: a recovery's look-ups, the read side's events-by-tag pages. Every read then queued behind the writer and
/// the writer behind every read (measured: the read side's pass over a year stalled clue filings for ten seconds, and
/// recoveries ran one at a time). Deferred, a transaction takes the write lock only when it first writes; the plugin's
/// write transactions start with their write, and in WAL mode readers never block the writer.
/// </summary>
public sealed class DeferredSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    public override SqliteTransaction BeginTransaction(IsolationLevel isolationLevel) => BeginTransaction(isolationLevel, deferred: true);
}
