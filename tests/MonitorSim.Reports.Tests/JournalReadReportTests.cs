using MonitorSim.Load.Results;

namespace MonitorSim.Reports.Tests;

/// <summary>The journal's read time in report.md and summary.json: early against late, with every read kept.</summary>
public sealed class JournalReadReportTests
{
    private static RunResult Read(params double?[] readMs) => SampleRuns.Create() with
    {
        JournalReads = new JournalReads("platform-abc-8", "sqlite:store.db",
            readMs.Select((ms, i) => new JournalReadSample(i * 60.0, ms, 100 + i, 1_000 * (i + 1))).ToList()),
    };

    [Fact]
    public void The_report_gives_the_early_and_late_read_time_and_their_growth()
    {
        var md = MarkdownReport.Render(Read(10, 10, 10, null, 12, 12, 15, 15, 15));

        Assert.Contains("## Journal read time", md, StringComparison.Ordinal);
        Assert.Contains("| Read time early (median) | 10 ms |", md, StringComparison.Ordinal);
        Assert.Contains("| Read time late (median) | 15 ms |", md, StringComparison.Ordinal);
        Assert.Contains("| Growth, late over early | +50.0 % |", md, StringComparison.Ordinal);
        Assert.Contains("| Reads | 9 (1 unfinished within 30 s) |", md, StringComparison.Ordinal);
        Assert.Contains("| Stream length, first read → last | 1,000 → 9,000 events |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("## Journal read time", MarkdownReport.Render(SampleRuns.Create()), StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_json_keeps_every_read_an_unfinished_one_without_a_time()
    {
        var json = SummaryJson.Build(Read(10, null, 10, 20))["journal_reads"]!;

        Assert.Equal("platform-abc-8", json["persistence_id"]!.GetValue<string>());
        Assert.Equal(4, json["samples"]!.AsArray().Count);
        Assert.Null(json["samples"]![1]!["read_ms"]);
        Assert.Equal(1, json["unfinished"]!.GetValue<int>());
        Assert.Equal(10.0, json["early_median_ms"]!.GetValue<double>());
        Assert.Equal(20.0, json["late_median_ms"]!.GetValue<double>());
        Assert.Null(SummaryJson.Build(SampleRuns.Create())["journal_reads"]);
    }
}
