using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>The end-of-run audit's read of the supervision workflows: what the port acknowledged, named by the port's own
/// <see cref="IMonitoringTree.StoredIdOf"/>, is found in the journal read back by tag — each receipt, listing and opening
/// once — and what was refused or filed by another run's port is not taken for it.</summary>
public sealed class SupervisionJournalAuditTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"monitorsim-supaudit-{Guid.NewGuid():N}");

    public SupervisionJournalAuditTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Filings_listings_and_requests_the_port_acknowledged_are_in_the_journal_under_the_ids_the_port_names()
    {
        await using var t = await TreeFixture.StartAsync(StoreSettings.Sqlite(Path.Combine(_dir, "store.db")));
        var filed = new List<long>();
        for (var p = 0; p < 3; p++)
        {
            t.Tree.FileClue(new PointId(p), TreeFixture.Ticket(p));
            var o = await t.Outcomes.NextAsync();
            Assert.Equal(OpStatus.Ok, o.Status);
            filed.Add(o.Ref);
        }
        foreach (var clue in filed.Take(2))
        {
            t.Tree.ListClue(clue, TreeFixture.Ticket(0));
            Assert.Equal(OpStatus.Ok, (await t.Outcomes.NextAsync()).Status);
        }
        // Listed again: refused, so stored once only.
        t.Tree.ListClue(filed[0], TreeFixture.Ticket(0));
        Assert.Equal(OpStatus.Rejected, (await t.Outcomes.NextAsync()).Status);
        var requests = new List<long>();
        for (var u = 0; u < 2; u++)
        {
            t.Tree.OpenCoHandling(u, TreeFixture.Ticket(u));
            var o = await t.Outcomes.NextAsync();
            Assert.Equal((OperationKind.CoHandling, OpStatus.Ok), (o.Kind, o.Status));
            requests.Add(o.Ref);
        }
        // Another port on the same store (another run, another node) files a clue of the same number.
        var other = new OutcomeCollector();
        t.Node.CreateTree(other).FileClue(new PointId(7), TreeFixture.Ticket(7));
        Assert.Equal(OpStatus.Ok, (await other.NextAsync()).Status);

        var clueIds = filed.Select(n => t.Tree.StoredIdOf(OperationKind.ClueIntake, n)!).ToList();
        var listedIds = filed.Take(2).Select(n => t.Tree.StoredIdOf(OperationKind.ClueListing, n)!).ToList();
        var requestIds = requests.Select(n => t.Tree.StoredIdOf(OperationKind.CoHandling, n)!).ToList();
        var wanted = clueIds.Concat(requestIds).ToHashSet();
        var stored = await t.Node.StoredSupervisionAsync(wanted.Contains);

        Assert.NotNull(stored);
        Assert.Equal(clueIds.Order(), stored.CluesReceived.Keys.Order());
        Assert.All(stored.CluesReceived.Values, times => Assert.Equal(1, times));
        Assert.Equal(listedIds.Order(), stored.CluesListed.Keys.Order());
        Assert.All(stored.CluesListed.Values, times => Assert.Equal(1, times));
        Assert.Equal(requestIds.Order(), stored.RequestsOpened.Keys.Order());
        Assert.All(stored.RequestsOpened.Values, times => Assert.Equal(1, times));
    }

    [Fact]
    public async Task The_memory_store_has_nothing_to_read_back()
    {
        await using var t = await TreeFixture.StartAsync(StoreSettings.Memory);

        Assert.Null(await t.Node.StoredSupervisionAsync(_ => true));
    }
}
