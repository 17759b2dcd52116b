using Microsoft.Data.Sqlite;
using MonitorSim.Domain.Storage;
using Npgsql;

namespace MonitorSim.Cluster.Persistence;

/// <summary>
/// Fault injection: the store stops taking writes for a while, as a database does during a failover, a vacuum or a
/// full disk. The journal is held locked from a connection of our own — an exclusive SQLite transaction, or an
/// ACCESS EXCLUSIVE lock on PostgreSQL's journal table — so every node's writes wait (SQLite's busy timeout, PostgreSQL's
/// lock queue) and resume when it is released: alarms raised meanwhile are late, not lost.
/// </summary>
public static class StoreOutage
{
    /// <summary>Whether the store can be made unavailable (the memory store lives inside each process).</summary>
    public static bool Supported(StoreSettings store) => store.Kind is StoreKind.Sqlite or StoreKind.Postgres;

    /// <summary>Holds the journal locked for <paramref name="duration"/>; returns when it is released.</summary>
    public static async Task HoldAsync(StoreSettings store, TimeSpan duration, CancellationToken ct)
    {
        switch (store.Kind)
        {
            case StoreKind.Sqlite:
            {
                await using var connection = new SqliteConnection(store.ConnectionString);
                await connection.OpenAsync(ct);
                await using (var begin = connection.CreateCommand())
                {
                    // In WAL mode an exclusive transaction keeps every other writer out; readers (recovery) go on.
                    begin.CommandText = "PRAGMA busy_timeout=30000; BEGIN EXCLUSIVE;";
                    await begin.ExecuteNonQueryAsync(ct);
                }
                try { await Task.Delay(duration, ct); }
                finally
                {
                    await using var rollback = connection.CreateCommand();
                    rollback.CommandText = "ROLLBACK;";
                    await rollback.ExecuteNonQueryAsync(CancellationToken.None);
                }
                break;
            }
            case StoreKind.Postgres:
            {
                await using var connection = new NpgsqlConnection(store.ConnectionString);
                await connection.OpenAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await using (var lockJournal = new NpgsqlCommand("LOCK TABLE journal IN ACCESS EXCLUSIVE MODE;", connection, transaction))
                    await lockJournal.ExecuteNonQueryAsync(ct);
                try { await Task.Delay(duration, ct); }
                finally { await transaction.RollbackAsync(CancellationToken.None); }
                break;
            }
            default:
                throw new NotSupportedException($"the {store.Display} store cannot be made unavailable (it lives inside each process)");
        }
    }
}
