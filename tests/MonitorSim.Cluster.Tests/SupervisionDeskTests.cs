using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Supervision;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Supervision;
using MonitorSim.Domain.Topology;
using MonitorSim.TestSupport;

namespace MonitorSim.Cluster.Tests;

/// <summary>The supervision year on the cluster and the SQLite store: the clue actors persist what the model decides, the
/// read side counts from the journal what the model counts from its own events, and a desk stopped in the middle of the
/// year carries on from its ledger on the same store with nothing lost and nothing applied twice.</summary>
public sealed class SupervisionDeskTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"monitorsim-desk-{Guid.NewGuid():N}");

    public SupervisionDeskTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static readonly CityTopology City = SmallSupervisionYear.City;
    private static readonly Organisation Org = SmallSupervisionYear.Org;
    private static readonly SupervisionSpec Spec = SmallSupervisionYear.Spec;

    private static SupervisionFigures ModelFigures(string runKey) =>
        SupervisionTally.Of(Spec, new SupervisionYear(Spec, Org, 7, runKey).Run());

    [Fact]
    public async Task The_year_persisted_by_the_clue_actors_reads_back_from_the_journal_as_the_model_counted_it()
    {
        var store = StoreSettings.Sqlite(Path.Combine(_dir, "store.db"));
        await using var fixture = await TreeFixture.StartAsync(store, topology: City);
        var desk = new SupervisionDesk(fixture.Node.System, fixture.Node.Clues, Spec, Org, 7, "y7");

        var outcome = await desk.RunAsync(CancellationToken.None);
        var journal = await SupervisionReadSide.ReadAsync(fixture.Node.System, Spec, "y7", CancellationToken.None);

        Assert.True(outcome.Completed);
        Assert.Empty(outcome.Disagreements);
        Assert.Equal(0, outcome.AlreadyApplied);
        Assert.Equal(395, outcome.Days);
        Assert.Equal(395, journal.DaysDone);
        Assert.Empty(journal.Problems);
        var model = ModelFigures("y7");
        Assert.Equivalent(model, journal.Figures, strict: true);
        Assert.Equivalent(model, outcome.Model, strict: true);
        // The year had something of everything to count.
        Assert.True(model.ListedSupervision == 16 && model.SupervisionBatches == 2, $"{model.ListedSupervision} in {model.SupervisionBatches}");
        Assert.True(model.HeldResponsible > 0 && model.Reopened > 0 && model.DeadlinesMissed > 0 && model.BacktrackingClues > 0 && model.UnitsWarned > 0,
            $"held {model.HeldResponsible}, reopened {model.Reopened}, missed {model.DeadlinesMissed}, backtracking {model.BacktrackingClues}, warned {model.UnitsWarned}");
    }

    [Fact]
    public async Task A_desk_stopped_in_the_middle_of_the_year_resumes_from_its_ledger_with_nothing_lost_or_applied_twice()
    {
        var store = StoreSettings.Sqlite(Path.Combine(_dir, "store.db"));
        int stoppedAfter;
        await using (var first = await TreeFixture.StartAsync(store, topology: City))
        {
            using var stop = new CancellationTokenSource();
            var daysSeen = 0;
            var desk = new SupervisionDesk(first.Node.System, first.Node.Clues, Spec, Org, 7, "y7")
            {
                DayDone = _ => { if (++daysSeen == 180) stop.Cancel(); },
            };
            var stopped = await desk.RunAsync(stop.Token);
            Assert.False(stopped.Completed);
            Assert.Equal(180, stopped.Days);
            // Stopped, the desk still reports the whole year the model decided.
            Assert.Equal(395, stopped.YearDays);
            Assert.Equivalent(ModelFigures("y7"), stopped.Model, strict: true);
            stoppedAfter = daysSeen;
        }

        await using var second = await TreeFixture.StartAsync(store, topology: City);
        var resumed = await new SupervisionDesk(second.Node.System, second.Node.Clues, Spec, Org, 7, "y7").RunAsync(CancellationToken.None);
        var journal = await SupervisionReadSide.ReadAsync(second.Node.System, Spec, "y7", CancellationToken.None);

        Assert.Equal(stoppedAfter, resumed.ResumedAt);
        Assert.Equal(395 - stoppedAfter, resumed.Days);
        Assert.Empty(resumed.Disagreements);
        Assert.Empty(journal.Problems);
        Assert.Equivalent(ModelFigures("y7"), journal.Figures, strict: true);
        var expectedEvents = new SupervisionYear(Spec, Org, 7, "y7").Run().Sum(d => d.Commands.Sum(c => c.Expected.Count));
        Assert.Equal(expectedEvents, journal.ClueEvents);
    }
}
