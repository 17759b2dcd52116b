using Akka.Actor;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Supervision;

namespace MonitorSim.Cluster.Tests;

/// <summary>Co-handled requests on the cluster: opened at a post, walked through their department steps in sim time, and
/// every step that overruns its deadline filed as a clue against the co-handler — also across a restart of the node.</summary>
public sealed class CoHandlingTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"monitorsim-cohandling-{Guid.NewGuid():N}");

    public CoHandlingTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A request id whose drawn work overruns (or keeps) every deadline as asked.</summary>
    private static (string Id, int[] Overruns) RequestWith(bool overruns)
    {
        for (var i = 0; ; i++)
        {
            var id = $"req-{i}";
            var work = CoHandlingPractice.WorkTimes(id, CoHandlingPractice.StandardSteps);
            var late = Enumerable.Range(0, work.Length).Where(s => work[s] > CoHandlingPractice.StandardSteps[s].Limit).ToArray();
            if (overruns == late.Length > 0) return (id, late);
        }
    }

    private static Task<CoHandlingRequest> StateAsync(TreeFixture t, string id) =>
        t.Node.CoHandling.Ask<CoHandlingRequest>(new GetCoHandling(id), Wait);

    private static async Task OpenAsync(TreeFixture t, string id, int unit)
    {
        var open = new OpenCoHandling(t.Clock.Now, id, unit, "Wang", CoHandlingPractice.StandardSteps);
        var done = await t.Node.CoHandling.Ask<OperationDone>(
            replyTo => new CoHandlingOperation(id, open, unit, TreeFixture.Ticket(unit), 1, replyTo), Wait, CancellationToken.None);
        Assert.Equal(OpStatus.Ok, done.Status);
    }

    [Fact]
    public async Task A_request_runs_its_steps_and_each_overrun_step_becomes_one_clue_against_the_co_handler()
    {
        await using var t = await TreeFixture.StartAsync(StoreSettings.Sqlite(Path.Combine(_dir, "store.db")));
        var (late, overruns) = RequestWith(overruns: true);
        var (onTime, _) = RequestWith(overruns: false);
        await OpenAsync(t, late, 0);
        await OpenAsync(t, onTime, 1);

        t.Clock.Advance(TimeSpan.FromDays(3)); // past every step's work, however long it was drawn
        await Eventually.HoldsAsync(async () => Assert.True((await StateAsync(t, late)).Completed), TimeSpan.FromSeconds(20));
        await Eventually.HoldsAsync(async () => Assert.True((await StateAsync(t, onTime)).Completed), TimeSpan.FromSeconds(20));

        Assert.Equal(overruns, (await StateAsync(t, late)).Overdue);
        Assert.Empty((await StateAsync(t, onTime)).Overdue);
        foreach (var step in overruns)
        {
            var id = CoHandlingPractice.ClueIdOf(late, step);
            await Eventually.HoldsAsync(async () =>
            {
                var clue = await t.Node.Clues.Ask<Clue>(new GetClue(id), Wait);
                Assert.Equal((ClueStatus.Received, ClueChannel.CoHandlingDeadline), (clue.Status, clue.Channel));
                Assert.Equal(["Wang"], clue.Persons);
                Assert.Equal(t.Topology.CoHandling[0].At.Value, clue.Unit);
            });
        }
        Assert.Null((await t.Node.Clues.Ask<Clue>(new GetClue(CoHandlingPractice.ClueIdOf(onTime, 0)), Wait)).Status);
    }

    [Fact]
    public async Task A_request_opened_before_a_restart_carries_on_from_its_journal()
    {
        var store = StoreSettings.Sqlite(Path.Combine(_dir, "store.db"));
        var (late, overruns) = RequestWith(overruns: true);
        await using (var first = await TreeFixture.StartAsync(store))
        {
            await OpenAsync(first, late, 2);
            Assert.False((await StateAsync(first, late)).Completed);
        }

        await using var second = await TreeFixture.StartAsync(store);
        second.Clock.Advance(TimeSpan.FromDays(3));
        // The first message wakes the request; it recovers, and its sweep finishes the steps.
        await Eventually.HoldsAsync(async () => Assert.True((await StateAsync(second, late)).Completed), TimeSpan.FromSeconds(20));
        Assert.Equal(overruns, (await StateAsync(second, late)).Overdue);
        // Opened once: the same opening again is refused.
        var again = new OpenCoHandling(second.Clock.Now, late, 2, "Wang", CoHandlingPractice.StandardSteps);
        var refused = await second.Node.CoHandling.Ask<OperationDone>(
            replyTo => new CoHandlingOperation(late, again, 2, TreeFixture.Ticket(2), 1, replyTo), Wait, CancellationToken.None);
        Assert.Equal((OpStatus.Rejected, "request_refused"), (refused.Status, refused.Reason));
    }

    [Fact]
    public async Task The_tree_port_opens_a_request_at_a_post_and_answers_with_its_number()
    {
        await using var t = await TreeFixture.StartAsync(StoreSettings.Sqlite(Path.Combine(_dir, "store.db")));
        t.Tree.OpenCoHandling(3, TreeFixture.Ticket(3));
        var opened = await t.Outcomes.NextAsync();
        Assert.Equal((OperationKind.CoHandling, OpStatus.Ok, 1L), (opened.Kind, opened.Status, opened.Ref));
    }
}
