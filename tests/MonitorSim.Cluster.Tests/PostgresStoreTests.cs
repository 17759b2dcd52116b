using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>The journal on PostgreSQL (for several nodes or hosts). Needs MONITORSIM_PG, which .ci/run sets after
/// starting the machine's PostgreSQL; skipped where there is none.</summary>
public sealed class PostgresStoreTests
{
    private static readonly string? Url = Environment.GetEnvironmentVariable("MONITORSIM_PG");

    [SkippableFact]
    public async Task A_second_node_on_the_same_postgres_store_recovers_the_alarms()
    {
        Skip.If(Url is null, "MONITORSIM_PG is not set (.ci/run sets it after starting PostgreSQL)");
        // A city of its own per run, so the test does not depend on what earlier runs left in the database.
        var topology = TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), Random.Shared.Next());
        var store = StoreSettings.Parse(Url!);
        var camera = new CameraId(3);
        var platform = topology.PlatformOf(camera).Value;
        long before;
        await using (var first = await TreeFixture.StartAsync(store, topology: topology))
        {
            before = (await first.Node.PlatformStatusAsync(platform)).AlarmsRaised;
            await first.RegisterAllAsync();
            first.Tree.RaiseAlarm(camera, AlarmType.VideoTamper, TreeFixture.Ticket(camera.Value));
            Assert.Equal(OpStatus.Ok, (await first.Outcomes.NextAsync()).Status);
        }

        await using var second = await TreeFixture.StartAsync(store, topology: topology);
        var after = await second.Node.PlatformStatusAsync(platform);
        Assert.Equal(before + 1, after.AlarmsRaised);
    }
}
