using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Nodes;
using MonitorSim.Harness.Runs;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Tests;

/// <summary>
/// A journal that cannot be read back after the run (its store broken, gone, or refusing the query) leaves the
/// supervision audit undone and says why, as the alarm audit does: the run still writes its reports.
/// </summary>
public sealed class SupervisionAuditReadFailureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("monitorsim-audit-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_journal_whose_tags_cannot_be_read_leaves_the_supervision_audit_undone_and_says_why()
    {
        var store = Path.Combine(_dir, "store.db");
        var scenario = ScenarioLoader.Parse($"""
            name: audit_read_failure
            seed: 5
            duration: 2s
            store: "sqlite:{store}"
            topology: {"{"} platforms: 2, points: 4, cameras: 8, co_handling: {"{"} centres: 1, posts: 1 {"}"} {"}"}
            scenarios:
              - name: keepalive
                operation: keepalive
                load:
                  - periodic: {"{"} every: 60s, per: camera {"}"}
            """, "audit.yaml");
        var topology = TopologyBuilder.Build(scenario.Topology, scenario.Seed);
        await using var session = await TreeSession.StartAsync(new SessionOptions(scenario, topology, LoadPlanner.Plan(scenario, topology),
            ClusterSettings.SingleNode, _dir, NullLoggerProvider.Instance), new QuietProgress(), default);
        await using (var connection = new SqliteConnection($"Data Source={store}"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE tags";
            await drop.ExecuteNonQueryAsync();
        }
        var events = new List<string>();

        var audit = await SupervisionAuditor.AuditAsync(session.Node!, [new StoredAcknowledgement(OperationKind.ClueIntake, "clue-1")], events);

        Assert.NotNull(audit);
        Assert.Contains("could not be read back", audit.Note);
        Assert.Equal(1, audit.Acknowledged);
        Assert.Contains(events, e => e.StartsWith("supervision audit: the journal could not be read back", StringComparison.Ordinal));
    }
}
