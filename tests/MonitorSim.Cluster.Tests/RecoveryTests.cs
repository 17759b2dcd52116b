using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

public sealed class RecoveryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "monitorsim-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_second_node_on_the_same_sqlite_store_recovers_the_alarms_and_knows_it_restarted()
    {
        var store = StoreSettings.Sqlite(Path.Combine(_dir, "store.db"));
        var camera = new CameraId(5);
        int platform;
        await using (var first = await TreeFixture.StartAsync(store))
        {
            platform = first.Topology.PlatformOf(camera).Value;
            await first.RegisterAllAsync();
            for (var i = 0; i < 3; i++) first.Tree.RaiseAlarm(camera, AlarmType.EarlyLeave, TreeFixture.Ticket(camera.Value));
            Assert.All(await first.Outcomes.NextAsync(3), a => Assert.Equal(OpStatus.Ok, a.Status));
            var before = await first.Node.PlatformStatusAsync(platform);
            Assert.Equal(3, before.AlarmsRaised);
            Assert.Equal(1, before.Incarnation);
        }

        await using var second = await TreeFixture.StartAsync(store);
        var after = await second.Node.PlatformStatusAsync(platform);
        Assert.Equal(3, after.AlarmsRaised);
        Assert.Equal(3, after.Total.ActiveAlarms);
        Assert.Equal(2, after.Incarnation);
        // Registration sessions are not persisted: after the restart every camera must register again.
        Assert.Equal(0, after.Total.Online);
        await Eventually.HoldsAsync(async () => Assert.Equal(3, (await second.Node.CityStatusAsync()).ActiveAlarms));

        // New alarms get new ids (the counter was recovered too), and keep flowing to the city.
        await second.RegisterAllAsync();
        second.Tree.RaiseAlarm(camera, AlarmType.Conflict, TreeFixture.Ticket(camera.Value));
        Assert.Equal(OpStatus.Ok, (await second.Outcomes.NextAsync()).Status);
        Assert.Equal(4, (await second.Node.PlatformStatusAsync(platform)).AlarmsRaised);
    }

    [Fact]
    public async Task A_store_that_cannot_be_opened_stops_the_start_with_an_error_naming_it()
    {
        var blocker = Path.Combine(_dir, "not-a-folder");
        Directory.CreateDirectory(_dir);
        await File.WriteAllTextAsync(blocker, "a file where the store's folder should be");
        var store = StoreSettings.Sqlite(Path.Combine(blocker, "store.db"));

        var error = await Assert.ThrowsAsync<TreeStartException>(() => TreeFixture.StartAsync(store));

        Assert.Contains(blocker, error.Message);
    }
}
