using MonitorSim.Load.Results;
using MonitorSim.Reports.Comparison;

namespace MonitorSim.Reports.Tests;

public sealed class RunComparisonTests
{
    private static (TempDirectory Dir, string Before, string After) TwoRuns()
    {
        var dir = new TempDirectory();
        var before = dir.File("before");
        var after = dir.File("after");
        Directory.CreateDirectory(before);
        Directory.CreateDirectory(after);
        var baseline = SampleRuns.Create();
        SummaryJson.Write(baseline, Path.Combine(before, SummaryJson.FileName));
        // After a change: alarms twice as slow at p99, throughput 10 % higher.
        var changed = baseline with
        {
            ThroughputOps = baseline.ThroughputOps * 1.1,
            Latency = new Dictionary<string, LatencyStats>(baseline.Latency) { ["alarm"] = baseline.Latency["alarm"] with { P99 = 60.6 } },
        };
        SummaryJson.Write(changed, Path.Combine(after, SummaryJson.FileName));
        return (dir, before, after);
    }

    [Fact]
    public void Runs_are_set_side_by_side_with_their_change_against_the_first()
    {
        var (dir, before, after) = TwoRuns();
        using var _ = dir;

        var c = RunComparison.Load([before, after]);

        var alarmP99 = Assert.Single(c.Rows, r => r.Group == "response time" && r.Metric == "alarm p99");
        Assert.Equal([30.3, 60.6], alarmP99.Values);
        Assert.Equal(1.0, RunComparison.Change(alarmP99, 1)!.Value, 6);
        Assert.StartsWith("▼", ComparisonMarkdown.Delta(alarmP99, 1));     // slower is worse
        var throughput = Assert.Single(c.Rows, r => r.Metric == "throughput");
        Assert.StartsWith("▲", ComparisonMarkdown.Delta(throughput, 1));   // more is better
        var offered = Assert.Single(c.Rows, r => r.Metric == "offered");
        Assert.Equal("0%", ComparisonMarkdown.Delta(offered, 1));
    }

    [Fact]
    public void The_markdown_has_one_column_per_run_and_one_per_difference()
    {
        var (dir, before, after) = TwoRuns();
        using var _ = dir;
        var path = dir.File("cmp.md");

        ComparisonMarkdown.Write(RunComparison.Load([before, after]), path);

        var lines = File.ReadAllLines(path);
        Assert.Contains(lines, l => l == "| group | metric | run 1 | run 2 | Δ run 2 |");
        Assert.Contains(lines, l => l.StartsWith("| response time | alarm p99 (ms) | 30.3 | 60.6 | ▼ +100% |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Baseline: `" + before + "`", StringComparison.Ordinal));
    }

    [Fact]
    public void A_folder_without_a_summary_is_named_in_the_error()
    {
        var (dir, before, _) = TwoRuns();
        using var _ = dir;
        var empty = dir.File("empty");
        Directory.CreateDirectory(empty);

        var error = Assert.Throws<FileNotFoundException>(() => RunComparison.Load([before, empty]));

        Assert.Contains(empty, error.Message);
    }

    [Fact]
    public void A_corrupt_summary_is_named_with_its_line()
    {
        var (dir, before, after) = TwoRuns();
        using var _ = dir;
        File.WriteAllText(Path.Combine(after, SummaryJson.FileName), "{\n  \"scenario\": \n}");

        var error = Assert.Throws<InvalidDataException>(() => RunComparison.Load([before, after]));

        Assert.Contains(Path.Combine(after, SummaryJson.FileName), error.Message);
        Assert.Contains("line 3", error.Message);
    }
}
