using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using MonitorSim.Load.Tests.Engine;
using static MonitorSim.Load.Tests.TinyCity;

namespace MonitorSim.Load.Tests.Scenarios;

/// <summary>Data feeds: a CSV naming the camera or point (and alarm type) of each operation a stream issues.</summary>
public sealed class FeedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("monitorsim-feed-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<FeedRow> Parse(string text, List<ScenarioError> errors) =>
        FeedReader.Parse(text.Split('\n'), "feed.csv", errors);

    [Fact]
    public void A_feed_reads_cameras_points_and_alarm_types_skipping_comments_and_blank_lines()
    {
        var errors = new List<ScenarioError>();
        var rows = Parse("# replay of Monday's alarms\ncamera, point, alarm_type\ncam3,,desk_unattended\n\n,pt2,\ncam5,pt1,EARLY_LEAVE", errors);

        Assert.Empty(errors);
        Assert.Equal(
            [new FeedRow(3, "cam3", null, AlarmType.DeskUnattended), new FeedRow(5, null, "pt2", null), new FeedRow(6, "cam5", "pt1", AlarmType.EarlyLeave)],
            rows);
    }

    [Fact]
    public void Bad_rows_are_each_reported_with_line_column_and_field_and_the_good_rows_are_kept()
    {
        var errors = new List<ScenarioError>();
        var rows = Parse("camera,alarm_type\ncam1,video_loss\ncam2\ncam3,fire\n,video_loss\ncam4,conflict", errors);

        Assert.Equal(["cam1", "cam4"], rows.Select(r => r.Camera));
        Assert.Collection(errors,
            e => Assert.Equal((3, ""), (e.Line, e.Field)),                 // 1 field, the header has 2
            e => Assert.Equal((4, 6, "alarm_type"), (e.Line, e.Column, e.Field)),
            e => Assert.Equal((5, "camera"), (e.Line, e.Field)));
        Assert.Contains("fire", errors[1].Message, StringComparison.Ordinal);
        Assert.All(errors, e => Assert.Equal("feed.csv", e.File));
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("alarm_type\nvideo_loss", 1, "'camera' or a 'point'")]
    [InlineData("camera,colour\ncam1,red", 1, "unknown column")]
    [InlineData("camera\n# nothing yet", 1, "no rows")]
    public void A_feed_without_a_usable_header_or_rows_is_refused(string text, int line, string message)
    {
        var errors = new List<ScenarioError>();
        Parse(text, errors);
        Assert.Contains(errors, e => e.Line == line && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_scenario_reads_its_feed_relative_to_its_own_folder()
    {
        File.WriteAllText(Path.Combine(_dir, "cams.csv"), "camera\ncam1\ncam2\n");
        var yaml = Path.Combine(_dir, "fed.yaml");
        File.WriteAllText(yaml, """
            name: fed
            scenarios:
              - name: keepalive
                operation: keepalive
                feed: { file: cams.csv, order: shuffle }
                load:
                  - inject: { rate: 10, interval: 1s }
            """);

        var feed = ScenarioLoader.Load(yaml).Streams[0].Feed!;

        Assert.Equal((FeedOrder.Shuffle, 2), (feed.Order, feed.Rows.Count));
        Assert.Equal(Path.Combine(_dir, "cams.csv"), feed.File);
    }

    [Fact]
    public void A_missing_feed_file_or_a_feed_on_a_periodic_or_self_test_stream_is_refused_naming_the_field()
    {
        var yaml = Path.Combine(_dir, "fed.yaml");
        File.WriteAllText(Path.Combine(_dir, "cams.csv"), "camera\ncam1\n");
        File.WriteAllText(yaml, """
            name: fed
            scenarios:
              - name: a
                operation: keepalive
                feed: nowhere.csv
                load:
                  - inject: { rate: 10, interval: 1s }
              - name: b
                operation: keepalive
                feed: cams.csv
                load:
                  - periodic: { every: 60s, per: camera }
              - name: c
                operation: noop
                feed: cams.csv
                load:
                  - inject: { rate: 10, interval: 1s }
            """);

        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(yaml));

        Assert.Contains(error.Errors, e => e.File.EndsWith("nowhere.csv", StringComparison.Ordinal) && e.Message.Contains("not found", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Field == "scenarios[1].feed" && e.Line == 10 && e.Message.Contains("periodic", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Field == "scenarios[2].feed" && e.Line == 15 && e.Message.Contains("self-test", StringComparison.Ordinal));
    }

    [Fact]
    public void Rows_naming_cameras_or_points_the_topology_lacks_are_refused_with_their_lines()
    {
        var feed = new FeedDefinition("f.csv", FeedOrder.Circular,
        [
            new FeedRow(2, "cam1", null, null),
            new FeedRow(3, "cam30", null, null),                           // 30 cameras: cam0 … cam29
            new FeedRow(4, City.PathOf(new CameraId(4)), null, null),     // by path
            new FeedRow(5, null, "pt99", null),
            new FeedRow(6, "cam0", City.Points[^1].Path, null),          // cam0 is not at the last point
        ]);

        var error = Assert.Throws<ScenarioException>(() => ResolvedFeed.Resolve(feed, City));

        Assert.Equal([(3, "camera"), (5, "point"), (6, "point")], error.Errors.Select(e => (e.Line, e.Field)));
        Assert.All(error.Errors, e => Assert.Equal("f.csv", e.File));
    }

    [Fact]
    public async Task A_circular_feed_names_the_subject_and_alarm_type_of_every_operation_in_file_order()
    {
        var point = City.Points[3];
        var feed = new FeedDefinition("f.csv", FeedOrder.Circular,
        [
            new FeedRow(2, "cam7", null, AlarmType.VideoLoss),
            new FeedRow(3, "cam2", null, null),
            new FeedRow(4, null, point.Path, AlarmType.Conflict),
        ]);
        // 9 alarms at 0.0, 0.1 … 0.8 s: the feed is walked three times.
        var stream = new StreamDefinition("alarm", OperationKind.Alarm, [new AlarmWeight(AlarmType.EarlyLeave, 1)],
            [new InjectStep(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.9), null, Arrivals.Uniform)], Feed: feed);
        var scenario = ScenarioDefinition.Default("fed") with
        {
            Duration = TimeSpan.FromSeconds(1.5), Topology = Tiny, CompletionTimeout = TimeSpan.FromSeconds(1), Streams = [stream],
        };

        FakeMonitoringTree? tree = null;
        await new LoadEngine(scenario, City).RunAsync(o => tree = FakeMonitoringTree.Immediate(o), _ => Task.FromResult(TreeStatus.Unknown), _ => "");

        var alarms = tree!.Calls.Where(c => c.Kind == OperationKind.Alarm).Select(c => c.Ticket.Subject).ToList();
        Assert.Equal(9, alarms.Count);
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(7, alarms[3 * round]);
            Assert.Equal(2, alarms[3 * round + 1]);
            Assert.Equal(point.Id, City.PointOf(new CameraId(alarms[3 * round + 2]))); // a camera of the named point
        }
        Assert.Equal(
            Enumerable.Repeat(new[] { AlarmType.VideoLoss, AlarmType.EarlyLeave, AlarmType.Conflict }, 3).SelectMany(x => x),
            tree.RaisedTypes); // the row's type, else the stream's mix
    }

    [Fact]
    public void A_shuffled_feed_visits_every_row_once_per_pass()
    {
        var rows = Enumerable.Range(0, 10).Select(i => new FeedRow(i + 2, $"cam{i}", null, null)).ToList();
        var cursor = new ResolvedFeed.Cursor(ResolvedFeed.Resolve(new FeedDefinition("f.csv", FeedOrder.Shuffle, rows), City), new Random(3));

        var first = Enumerable.Range(0, 10).Select(_ => cursor.Next()).ToList();
        var second = Enumerable.Range(0, 10).Select(_ => cursor.Next()).ToList();

        Assert.Equal(Enumerable.Range(0, 10), first.Order());
        Assert.Equal(Enumerable.Range(0, 10), second.Order());
        Assert.NotEqual(first, second);
    }
}
