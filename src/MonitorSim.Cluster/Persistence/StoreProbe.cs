using Microsoft.Data.Sqlite;
using MonitorSim.Domain.Storage;
using Npgsql;

namespace MonitorSim.Cluster.Persistence;

/// <summary>
/// Whether the store takes writes now: a connection of its own that asks for the journal's write lock and gives it
/// back at once (SQLite <c>BEGIN IMMEDIATE</c>; PostgreSQL a <c>ROW EXCLUSIVE</c> lock on the journal, what an insert
/// takes), bounded by the timeout given to <see cref="ProblemAsync"/>. A run whose store cannot be written when its load ends measured the
/// store's absence, not the system: the run itself failed.
/// </summary>
public static class StoreProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Null when the store takes writes (and always for the memory store, which lives in the process); else
    /// what went wrong, without the address's password.</summary>
    public static async Task<string?> ProblemAsync(StoreSettings store, TimeSpan timeout)
    {
        try
        {
            using var cts = new CancellationTokenSource(timeout + TimeSpan.FromSeconds(1));
            switch (store.Kind)
            {
                case StoreKind.Sqlite:
                {
                    await using var connection = new SqliteConnection(store.ConnectionString);
                    await connection.OpenAsync(cts.Token);
                    // One statement per command: a PRAGMA returns a row, and a command of several statements stops at it.
                    foreach (var sql in new[] { $"PRAGMA busy_timeout={(int)timeout.TotalMilliseconds};", "BEGIN IMMEDIATE;", "ROLLBACK;" })
                    {
                        await using var command = connection.CreateCommand();
                        command.CommandTimeout = Math.Max(1, (int)timeout.TotalSeconds);
                        command.CommandText = sql;
                        await command.ExecuteNonQueryAsync(cts.Token);
                    }
                    return null;
                }
                case StoreKind.Postgres:
                {
                    var builder = new NpgsqlConnectionStringBuilder(store.ConnectionString)
                    {
                        Timeout = Math.Max(1, (int)timeout.TotalSeconds),
                        CommandTimeout = Math.Max(1, (int)timeout.TotalSeconds),
                        Pooling = false,
                    };
                    await using var connection = new NpgsqlConnection(builder.ConnectionString);
                    await connection.OpenAsync(cts.Token);
                    await using var transaction = await connection.BeginTransactionAsync(cts.Token);
                    await using var command = new NpgsqlCommand(
                        $"SET LOCAL lock_timeout = '{(int)timeout.TotalMilliseconds}ms'; LOCK TABLE journal IN ROW EXCLUSIVE MODE;", connection, transaction);
                    await command.ExecuteNonQueryAsync(cts.Token);
                    await transaction.RollbackAsync(cts.Token);
                    return null;
                }
                default:
                    return null;
            }
        }
        catch (Exception e) when (e is SqliteException or NpgsqlException or PostgresException or OperationCanceledException or TimeoutException
                                      or IOException or InvalidOperationException)
        {
            return $"the store {store.Display} takes no writes: {e.Message}";
        }
    }
}
