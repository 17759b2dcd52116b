using System.Diagnostics;

namespace MonitorSim.Cluster.Persistence;

/// <summary>
/// Where this process's SQLite journal writers (<see cref="SqliteEventWriter"/>) have spent their time since the process
/// started: inside their transactions (from holding the store's write lock to the commit: what every persist of the node
/// waits behind) and waiting for that lock while another process held it (on several nodes every node writes one file).
/// <para>
/// Why it is measured: the writer is one thread per node, a queue of its own beside the node's actors, which the
/// capacity model does not include (on 2026-12-07 under 0.4-core quotas: inside a transaction up to 0.84 of a 5-s window
/// in overloaded trials, a fifth at the capacity, and on several nodes waiting half as long to as long again for another
/// node's; docs/sizing.md); the report shows it per node and trial so that a reader can see which it was. Process-wide
/// (static) because a node's report reads it where the journal actor that owns the writer cannot be reached.
/// </para>
/// </summary>
public static class JournalWriterTime
{
    private static long _holdTicks;
    private static long _lockWaitTicks;
    private static long _transactions;

    /// <summary>The totals so far.</summary>
    public static JournalWriterReading Read() => new(
        Interlocked.Read(ref _holdTicks) / (double)Stopwatch.Frequency,
        Interlocked.Read(ref _lockWaitTicks) / (double)Stopwatch.Frequency,
        Interlocked.Read(ref _transactions));

    internal static void Add(long lockWaitTicks, long holdTicks)
    {
        Interlocked.Add(ref _lockWaitTicks, lockWaitTicks);
        Interlocked.Add(ref _holdTicks, holdTicks);
        Interlocked.Increment(ref _transactions);
    }
}

/// <summary>A reading of <see cref="JournalWriterTime"/> (or of one writer).</summary>
/// <param name="HoldS">Seconds inside transactions: from holding the store's write lock to the commit's end.</param>
/// <param name="LockWaitS">Seconds waiting for the write lock (SQLite's busy wait while another connection held it).</param>
/// <param name="Transactions">Transactions timed (committed or failed); 0 where the process has no SQLite writer.</param>
public readonly record struct JournalWriterReading(double HoldS, double LockWaitS, long Transactions);
