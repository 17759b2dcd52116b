using System.Text;
using MonitorSim.Load.Replay;

namespace MonitorSim.Cli.Tests;

/// <summary><c>monitorsim replay</c> of a log as another system exported it: --columns and --timezone reach the reader,
/// the ignored columns reach summary.json, and bad option values are bad input.</summary>
[Collection(TreeRunCollection.Name)]
public sealed class ExportedLogReplayTests
{
    [Fact]
    public async Task An_export_with_its_own_column_names_and_local_times_replays_with_columns_and_timezone()
    {
        using var dir = new TempDir();
        // The log holds keepalives only: the threshold is on them (one on alarms would fail, unmeasured).
        var scenario = TinyScenario.WriteTo(dir, store: "memory", threshold: "keepalive.p99 < 5s");
        var log = dir.File("export.csv");
        var rows = new List<string> { "event_time,operator,device,event" };
        for (var i = 0; i < 20; i++) rows.Add($"2026-11-27 10:00:{i:00}.000,\"Li, Wei\",{SourceMap.CameraCode(i)},keepalive");
        rows.Insert(6, "2026-11-27 10:00:05.500,Wang,9/9/9,keepalive");
        File.WriteAllText(log, string.Join("\r\n", rows) + "\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var report = dir.File("replay");
        (await Cli.RunAsync("replay", log, "--scenario", scenario, "--max-speed", "--out", report,
            "--columns", "timestamp=event_time,source=device", "--timezone", "+08:00")).ExpectExit(0);

        var s = Summary.Read(report).GetProperty("replay");
        Assert.Equal(20, s.GetProperty("replayed").GetInt64());
        // Each of the 20 reached the tree, which refuses it: the log registers no camera (a replay boots none).
        var summary = Summary.Read(report);
        Assert.Equal(20, summary.Long("per_operation.keepalive.offered"));
        Assert.Equal(20, summary.Long("per_operation.keepalive.failed"));
        Assert.Equal(20, summary.Long("failures.keepalive:not_registered"));
        Assert.Equal(["operator"], s.GetProperty("ignored_columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("2026-11-27T10:00:00.0000000+08:00", s.GetProperty("log_start").GetString());
        Assert.Equal(["line,reason", "7,\"unknown_source: source: '9/9/9' names nothing"], File.ReadAllLines(Path.Combine(report, "rejects.csv")).Select(l => l.Split(" in this topology")[0]));
    }

    [Theory]
    [InlineData("--timezone", "Asia/Shanghai", "--timezone: 'Asia/Shanghai' is not an offset from UTC")]
    [InlineData("--columns", "time=event_time", "--columns: 'time' is not a log field")]
    public async Task A_bad_columns_or_timezone_is_bad_input_naming_the_option(string option, string value, string expected)
    {
        using var dir = new TempDir();
        var scenario = TinyScenario.WriteTo(dir, store: "memory");
        var log = dir.File("a.csv");
        File.WriteAllText(log, $"timestamp,source,event\n2026-11-27T10:00:00+08:00,{SourceMap.CameraCode(0)},keepalive\n");
        var result = (await Cli.RunAsync("replay", log, "--scenario", scenario, "--out", dir.File("out"), option, value)).ExpectExit(2);
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }
}
