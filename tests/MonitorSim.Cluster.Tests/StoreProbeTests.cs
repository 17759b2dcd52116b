using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using MonitorSim.Cluster.Persistence;

namespace MonitorSim.Cluster.Tests;

/// <summary>The probe that tells a run whose store went away (exit 3) from one whose system was slow (exit 1).</summary>
public sealed class StoreProbeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "monitorsim-probe-" + Guid.NewGuid().ToString("N"));

    public StoreProbeTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_sqlite_store_that_takes_writes_has_no_problem()
    {
        var store = StoreSettings.Sqlite(Path.Combine(_dir, "store.db"));
        SqliteStore.Prepare(store.SqlitePath!);

        Assert.Null(await StoreProbe.ProblemAsync(store, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_sqlite_store_whose_journal_another_connection_holds_locked_takes_no_writes()
    {
        var store = StoreSettings.Sqlite(Path.Combine(_dir, "store.db"));
        SqliteStore.Prepare(store.SqlitePath!);
        await using var holder = new SqliteConnection($"Data Source={store.SqlitePath};Pooling=False");
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync();
        }

        var problem = await StoreProbe.ProblemAsync(store, TimeSpan.FromSeconds(1));

        Assert.NotNull(problem);
        Assert.Contains("takes no writes", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_postgres_store_at_a_closed_port_takes_no_writes_and_the_message_hides_its_password()
    {
        // A port that was free a moment ago: nothing listens there.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var store = StoreSettings.Parse($"postgres://monitorsim:hunter2@127.0.0.1:{port}/journal");

        var problem = await StoreProbe.ProblemAsync(store, TimeSpan.FromSeconds(2));

        Assert.NotNull(problem);
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_memory_store_lives_in_the_process_and_is_never_unreachable()
    {
        Assert.Null(await StoreProbe.ProblemAsync(StoreSettings.Memory, TimeSpan.FromSeconds(1)));
    }
}
