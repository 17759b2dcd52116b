using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>The load engine's clue operations through the tree's port: a clue filed about a service point is stored before
/// it is answered, and listing it puts that very clue on the clue list; the rules refuse what they refuse.</summary>
public sealed class ClueOperationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"monitorsim-clueop-{Guid.NewGuid():N}");

    public ClueOperationTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_filed_clue_is_stored_and_answered_with_its_number_and_listing_it_puts_it_on_the_clue_list()
    {
        await using var t = await TreeFixture.StartAsync(StoreSettings.Sqlite(Path.Combine(_dir, "store.db")));
        var point = new PointId(5);

        t.Tree.FileClue(point, TreeFixture.Ticket(point.Value));
        var filed = await t.Outcomes.NextAsync();
        Assert.Equal((OperationKind.ClueIntake, OpStatus.Ok), (filed.Kind, filed.Status));
        Assert.True(filed.Ref > 0, "a filed clue's outcome carries its number for the listing step");

        t.Tree.ListClue(filed.Ref, TreeFixture.Ticket(point.Value));
        var listed = await t.Outcomes.NextAsync();
        Assert.Equal((OperationKind.ClueListing, OpStatus.Ok, filed.Ref), (listed.Kind, listed.Status, listed.Ref));

        // Listed twice: the rules refuse it, and the operation says so.
        t.Tree.ListClue(filed.Ref, TreeFixture.Ticket(point.Value));
        var again = await t.Outcomes.NextAsync();
        Assert.Equal((OpStatus.Rejected, "clue_refused"), (again.Status, again.Reason));

        // A clue number this port never filed names no clue: nothing to list.
        t.Tree.ListClue(filed.Ref + 1000, TreeFixture.Ticket(point.Value));
        var unknown = await t.Outcomes.NextAsync();
        Assert.Equal((OpStatus.Rejected, "clue_refused"), (unknown.Status, unknown.Reason));
    }

    [Fact]
    public async Task Two_ports_on_one_store_file_distinct_clues_and_each_clue_names_the_point_it_is_about()
    {
        var store = StoreSettings.Sqlite(Path.Combine(_dir, "store.db"));
        await using var t = await TreeFixture.StartAsync(store);
        var second = new OutcomeCollector();
        var otherPort = t.Node.CreateTree(second);

        t.Tree.FileClue(new PointId(2), TreeFixture.Ticket(2));
        otherPort.FileClue(new PointId(9), TreeFixture.Ticket(9));
        var a = await t.Outcomes.NextAsync();
        var b = await second.NextAsync();

        // Both are clue number 1 of their port, yet both were received: the ports' clue ids do not collide.
        Assert.Equal((OpStatus.Ok, 1L), (a.Status, a.Ref));
        Assert.Equal((OpStatus.Ok, 1L), (b.Status, b.Ref));
        t.Tree.ListClue(a.Ref, TreeFixture.Ticket(2));
        otherPort.ListClue(b.Ref, TreeFixture.Ticket(9));
        Assert.Equal(OpStatus.Ok, (await t.Outcomes.NextAsync()).Status);
        Assert.Equal(OpStatus.Ok, (await second.NextAsync()).Status);
    }
}
