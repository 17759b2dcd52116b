using Akka.Actor;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Supervision;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>The tree feeds the supervision workflows: inaction the cameras detect (staff leaving early, a desk left
/// unattended) reaches the city, which files it as a clue — one per service point, kind and day.</summary>
public sealed class DetectionClueTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"monitorsim-detect-{Guid.NewGuid():N}");

    public DetectionClueTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static Task<Clue> ClueAsync(TreeFixture t, string id) =>
        t.Node.Clues.Ask<Clue>(new GetClue(id), TimeSpan.FromSeconds(10));

    [Fact]
    public async Task An_early_leave_becomes_one_clue_for_its_point_that_day_and_a_video_fault_none()
    {
        var rules = MonitoringRules.Standard with { DetectionsFileClues = true };
        await using var t = await TreeFixture.StartAsync(StoreSettings.Sqlite(Path.Combine(_dir, "store.db")), rules);
        await t.RegisterAllAsync();
        var camera = new CameraId(7);
        var point = t.Topology.PointOf(camera).Value;

        // Three early-leave alarms at the point that day, and a video loss.
        for (var i = 0; i < 3; i++)
        {
            t.Tree.RaiseAlarm(camera, AlarmType.EarlyLeave, TreeFixture.Ticket(camera.Value));
            Assert.Equal(OpStatus.Ok, (await t.Outcomes.NextAsync()).Status);
        }
        t.Tree.RaiseAlarm(camera, AlarmType.VideoLoss, TreeFixture.Ticket(camera.Value));
        Assert.Equal(OpStatus.Ok, (await t.Outcomes.NextAsync()).Status);

        var id = DetectionClues.IdOf(t.Node.JournalKey, point, AlarmType.EarlyLeave, t.Clock.Now);
        await Eventually.HoldsAsync(async () => Assert.Equal(ClueStatus.Received, (await ClueAsync(t, id)).Status));
        var clue = await ClueAsync(t, id);
        Assert.Equal(ClueChannel.MonitoringDetection, clue.Channel);
        Assert.Equal(point, clue.Unit);
        // One filing for three early leaves and a video fault: the repeats are the same clue, and a video fault is not
        // inaction. (The city counts a filing before it acknowledges the alarm, so the count is final here.)
        Assert.Equal(1L, (await t.Node.CityStatusAsync()).DetectionCluesFiled);

        // The next day the same desk's early leave is a new clue.
        t.Clock.Advance(TimeSpan.FromDays(1));
        await t.RegisterAllAsync();
        t.Tree.RaiseAlarm(camera, AlarmType.EarlyLeave, TreeFixture.Ticket(camera.Value));
        Assert.Equal(OpStatus.Ok, (await t.Outcomes.NextAsync()).Status);
        var nextDay = DetectionClues.IdOf(t.Node.JournalKey, point, AlarmType.EarlyLeave, t.Clock.Now);
        Assert.NotEqual(id, nextDay);
        await Eventually.HoldsAsync(async () => Assert.Equal(ClueStatus.Received, (await ClueAsync(t, nextDay)).Status));
    }

    [Fact]
    public async Task Without_the_rule_the_city_files_nothing()
    {
        await using var t = await TreeFixture.StartAsync(StoreSettings.Sqlite(Path.Combine(_dir, "store.db")));
        await t.RegisterAllAsync();
        var camera = new CameraId(7);
        t.Tree.RaiseAlarm(camera, AlarmType.DeskUnattended, TreeFixture.Ticket(camera.Value));
        Assert.Equal(OpStatus.Ok, (await t.Outcomes.NextAsync()).Status);

        // The city counts a filing before it acknowledges the alarm: none was made.
        Assert.Equal(0L, (await t.Node.CityStatusAsync()).DetectionCluesFiled);
    }
}
