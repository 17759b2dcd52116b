using System.Globalization;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cli.Tests;

/// <summary>Replaying incident logs end to end on the tiny city: generate → replay and record → replay round trips.</summary>
[Collection(TreeRunCollection.Name)]
public sealed class ReplayTests
{
    private static readonly CityTopology Tiny = TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 42);

    [Fact]
    public async Task A_generated_log_with_bad_lines_replays_every_good_line_and_names_every_bad_one_with_its_line()
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir, store: "memory");
        var generated = dir.File("day.csv");
        (await Cli.RunAsync("generate", "--scenario", scenario, "--duration", "12s", "--start", "2026-11-27T10:00:00+08:00",
            "--out", generated)).ExpectExit(0);

        // Bad lines of every kind spliced in; their numbers are their lines in the file as replayed.
        var lines = File.ReadAllLines(generated).ToList();
        var earlier = lines[1].Split(',')[0].Replace("T10:00:", "T09:00:", StringComparison.Ordinal);
        var bad = new (int At, string Text, string Reason)[]
        {
            (3, "not,a,log,line", "malformed"),
            (10, $"2026-11-27T10:00:05+08:00,9/9/9,keepalive,,", "unknown_source"),
            (20, $"2026-11-27T10:00:05+08:00,0/0/0,reboot,,", "unknown_event"),
            (40, $"{earlier},0/0/0,keepalive,,", "time_went_back"),
            (60, $"2026-11-27T10:00:05+08:00,0/0/0,alarm,fire,", "malformed"),
        };
        foreach (var b in bad) lines.Insert(b.At - 1, b.Text);
        var log = dir.File("crafted.csv");
        File.WriteAllLines(log, lines);

        // What the good lines hold, counted here from the file itself.
        var good = lines.Skip(1).Where(l => !bad.Any(b => b.Text == l)).Select(l => l.Split(',')).ToList();
        var perEvent = good.GroupBy(c => c[2]).ToDictionary(g => g.Key, g => (long)g.Count());
        var perPlatform = good.GroupBy(c => PlatformOf(c[1], c[2])).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => (long)g.Count());

        var report = dir.File("replay");
        // Rejected lines are reported, not a failure: the replay passes its threshold on the lines it accepted.
        var junit = dir.File("replay.xml");
        (await Cli.RunAsync("replay", log, "--scenario", scenario, "--speed", "4", "--out", report, "--junit", junit)).ExpectExit(0);

        // A pipeline reads the replay's verdict as JUnit: one test case per threshold, passed, with its measured value.
        var suite = System.Xml.Linq.XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.Equal($"replay {TinyScenario.Name}", suite.Attribute("name")!.Value);
        Assert.Equal("0", suite.Attribute("failures")!.Value);
        var only = Assert.Single(suite.Elements("testcase"));
        Assert.Equal("alarm.p99 < 5s", only.Attribute("name")!.Value);
        Assert.StartsWith("measured ", only.Element("system-out")!.Value, StringComparison.Ordinal);

        var rejects = File.ReadAllLines(Path.Combine(report, "rejects.csv"));
        Assert.Equal("line,reason", rejects[0]);
        Assert.Equal(bad.Select(b => $"{b.At},{b.Reason}"), rejects.Skip(1).Select(r => r.Split(',')[0] + "," + r.Split(',')[1].Trim('"').Split(':')[0]));

        var s = Summary.Read(report).GetProperty("replay");
        Assert.Equal(lines.Count - 1, s.GetProperty("lines_read").GetInt64());
        Assert.Equal(good.Count, s.GetProperty("replayed").GetInt64());
        Assert.Equal(bad.Length, s.GetProperty("rejected").GetInt64());
        Assert.Equal(2, s.GetProperty("rejected_by_reason").GetProperty("malformed").GetInt64());
        Assert.Equal(perEvent, s.GetProperty("events").EnumerateObject().Where(p => p.Value.GetInt64() > 0).ToDictionary(p => p.Name, p => p.Value.GetInt64()));
        Assert.Equal(perPlatform, s.GetProperty("platforms").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()));
        // Every replayed event was offered to the tree, none dropped.
        var ops = Summary.Read(report).GetProperty("operations");
        Assert.Equal(good.Count, ops.GetProperty("offered").GetInt64());
        Assert.Equal(0, ops.GetProperty("dropped").GetInt64());
        Assert.Equal(good.Count, ops.GetProperty("completed").GetInt64());
        Assert.Equal(0, ops.GetProperty("failed").GetInt64());
    }

    [Fact]
    public async Task A_recorded_run_replays_as_the_same_operations_in_the_same_order_and_pace()
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir, store: "memory");
        var recorded = dir.File("run.csv");
        (await Cli.RunAsync("run", scenario, "--out", dir.File("run"), "--record", recorded)).ExpectExit(0);

        var replayed = dir.File("replay.csv");
        (await Cli.RunAsync("replay", recorded, "--scenario", scenario, "--out", dir.File("replay"), "--record", replayed)).ExpectExit(0);

        var original = Rows(recorded);
        var again = Rows(replayed);
        Assert.True(original.Count > 100, $"only {original.Count} operations recorded");
        Assert.Equal(original.Select(r => r.What), again.Select(r => r.What));
        // Each offered at the same offset from the first (the replay's intended times are the log's schedule).
        var worst = original.Zip(again, (a, b) => ((a.At - original[0].At) - (b.At - again[0].At)).Duration()).Max();
        Assert.True(worst < TimeSpan.FromMilliseconds(1), $"offsets differ by up to {worst.TotalMilliseconds} ms");
        Assert.Equal(original.Count, Summary.Read(dir.File("replay")).GetProperty("operations").GetProperty("offered").GetInt64());
    }

    private static List<(DateTimeOffset At, string What)> Rows(string path) =>
        File.ReadAllLines(path).Skip(1).Select(l =>
        {
            var comma = l.IndexOf(',', StringComparison.Ordinal);
            return (DateTimeOffset.Parse(l[..comma], CultureInfo.InvariantCulture), l[(comma + 1)..]);
        }).ToList();

    /// <summary>The platform of a generated line's source (a device code: the last six digits are the camera's or point's index).</summary>
    private static int PlatformOf(string code, string eventType)
    {
        var index = int.Parse(code.AsSpan(14), CultureInfo.InvariantCulture);
        return eventType is "service_flow" or "clue_intake" ? Tiny.PlatformOf(new PointId(index)).Value : Tiny.PlatformOf(new CameraId(index)).Value;
    }
}
