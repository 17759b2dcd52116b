using System.Data.Common;
using LinqToDB.Interceptors;

namespace MonitorSim.Cluster.Persistence;

/// <summary>
/// Sets per-connection SQLite pragmas on every connection the journal opens. <c>synchronous=NORMAL</c> in WAL mode syncs
/// only at checkpoints: a committed event survives a process crash (the harness's fault model) though not a power cut,
/// and the single writer no longer stalls ~150 ms on every fsync, which otherwise dominated the alarm hop's tail at
/// 100× load (measured). <c>busy_timeout</c> lets a reader and the writer wait for each other instead of failing.
/// </summary>
public sealed class SqlitePragmas : ConnectionInterceptor
{
    /// <summary>The pragmas themselves, for a connection opened outside LinqToDB (<see cref="SqliteEventWriter"/>).</summary>
    internal const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
