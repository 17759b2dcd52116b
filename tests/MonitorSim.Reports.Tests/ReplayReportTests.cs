using MonitorSim.Load.Results;

namespace MonitorSim.Reports.Tests;

/// <summary>A replayed log in the report: what was read, replayed and rejected, and how far behind its schedule it went.</summary>
public sealed class ReplayReportTests
{
    private static RunResult Replayed() => SampleRuns.Create() with
    {
        Replay = new ReplayResult("day.csv.gz", "csv", true, 60, null, null, 1, 1_005, 1_000, 0,
            new Dictionary<string, long> { ["unknown_source"] = 3, ["malformed"] = 2 },
            new LatencyStats(1_000, 0.8, 0.6, 1.2, 4.1, 9.5, 17.2),
            new DateTimeOffset(2026, 11, 27, 8, 30, 0, TimeSpan.FromHours(8)), new DateTimeOffset(2026, 11, 27, 9, 30, 0, TimeSpan.FromHours(8)),
            new Dictionary<string, long> { ["keepalive"] = 900, ["alarm"] = 100 }, new Dictionary<int, long> { [0] = 1_000 }, "rejects.csv",
            ["operator", "comment"]),
    };

    [Fact]
    public void The_report_says_what_was_replayed_rejected_by_reason_and_the_replay_lag()
    {
        var md = MarkdownReport.Render(Replayed());

        Assert.Contains("## Replay", md, StringComparison.Ordinal);
        Assert.Contains("| Rejected | 5 (in rejects.csv) |", md, StringComparison.Ordinal);
        Assert.Contains("| `malformed` | 2 |", md, StringComparison.Ordinal);
        Assert.Contains("| `unknown_source` | 3 |", md, StringComparison.Ordinal);
        Assert.Contains("| behind the log's schedule | 1,000 | 0.6 | 1.2 | 4.1 | 9.5 | 17.2 |", md, StringComparison.Ordinal);
        Assert.Contains("| `alarm` | 100 |", md, StringComparison.Ordinal);
        Assert.Contains("Replay", HtmlReport.Render(Replayed()), StringComparison.Ordinal);
        Assert.DoesNotContain("## Replay", MarkdownReport.Render(SampleRuns.Create()), StringComparison.Ordinal);
    }

    [Fact]
    public void The_columns_a_log_had_beyond_its_fields_are_listed_once_in_the_report_and_the_summary()
    {
        Assert.Contains("| Ignored columns | operator, comment |", MarkdownReport.Render(Replayed()), StringComparison.Ordinal);
        var replay = SummaryJson.Build(Replayed())["replay"]!;
        Assert.Equal(["operator", "comment"], replay["ignored_columns"]!.AsArray().Select(c => c!.GetValue<string>()));
        var none = SummaryJson.Build(Replayed() with { Replay = Replayed().Replay! with { IgnoredColumns = null } })["replay"]!;
        Assert.Empty(none["ignored_columns"]!.AsArray());
    }
}
