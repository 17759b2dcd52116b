using Akka.Actor;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Supervision;

namespace MonitorSim.Cluster.Tests;

/// <summary>A clue as an event-sourced actor on the SQLite store: what it accepted survives a restart of the whole node,
/// a refused command persists nothing, and a command delivered twice is applied once.</summary>
public sealed class ClueActorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"monitorsim-clue-{Guid.NewGuid():N}");
    private static readonly DateTime Day0 = new(2026, 3, 2, 9, 0, 0);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public ClueActorTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static Task<ClueCommandResult> Send(IActorRef clue, ClueCommand command) =>
        clue.Ask<ClueCommandResult>(new ClueCommandEnvelope("c-7", command), Wait);

    [Fact]
    public async Task A_clue_resumes_from_its_journal_after_the_node_restarts_with_nothing_lost_or_applied_twice()
    {
        var store = StoreSettings.Sqlite(Path.Combine(_dir, "store.db"));
        var receive = new ReceiveClue(Day0, "c-7", ClueChannel.Petition, 3, ["Sun"]);
        await using (var first = await TreeFixture.StartAsync(store))
        {
            var clue = first.Node.System.ActorOf(ClueActor.Props("c-7"));
            Assert.True((await Send(clue, receive)).Accepted);
            // The same command delivered again (an at-least-once sender re-sent it) is refused: applied once.
            var again = await Send(clue, receive);
            Assert.False(again.Accepted);
            Assert.Contains("already been received", again.Rejection, StringComparison.Ordinal);
            Assert.True((await Send(clue, new ListClue(Day0.AddDays(1), "office-3 head", Day0.AddDays(30)))).Accepted);
            // A refused command persists nothing.
            Assert.False((await Send(clue, new StartInvestigation(Day0.AddDays(2)))).Accepted);
            Assert.True((await Send(clue, new ListForSupervision(Day0.AddDays(2), 4))).Accepted);
            Assert.True((await Send(clue, new AssignClue(Day0.AddDays(3), new ClueHandler(HandlerKind.LinkedMember, 2)))).Accepted);
            Assert.True((await Send(clue, new StartInvestigation(Day0.AddDays(4)))).Accepted);
            var overdue = await Send(clue, new CheckDeadline(Day0.AddDays(31)));
            Assert.IsType<DeadlineMissed>(Assert.Single(overdue.Events));
        }

        await using var second = await TreeFixture.StartAsync(store);
        var resumed = second.Node.System.ActorOf(ClueActor.Props("c-7"));
        var recovered = await resumed.Ask<Clue>(new GetClue("c-7"), Wait);

        Assert.Equal(ClueStatus.UnderInvestigation, recovered.Status);
        Assert.Equal(["Sun"], recovered.Persons);
        Assert.Equal("office-3 head", recovered.Responsible);
        Assert.Equal(Day0.AddDays(30), recovered.Deadline);
        Assert.Equal(4, recovered.SupervisionBatch);
        Assert.Equal(new ClueHandler(HandlerKind.LinkedMember, 2), recovered.Handler);
        Assert.True(recovered.DeadlineWasMissed);
        // It carries on from there: the miss is not recorded twice, and the investigation can conclude.
        Assert.Empty((await Send(resumed, new CheckDeadline(Day0.AddDays(40)))).Events);
        Assert.True((await Send(resumed, new DecideOutcomes(Day0.AddDays(41), [new PersonDecision("Sun", PersonOutcome.AdmonishmentTalk)]))).Accepted);
    }
}
